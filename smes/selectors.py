"""Reads about SMEs shared by the directory, its export, the API and KPIs."""

from collections.abc import Callable, Iterator
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet

from bsrstars.accounts.business_ids import display_business_id
from bsrstars.accounts.models import Organisation, OrganisationKind
from bsrstars.accounts.rules import authority_region_codes, is_facilitator, is_programme_admin, organisation_ids
from regions.models import S3Domain

from .models import SMEProfile
from .rules import can_see_private
from .sizing import ELIGIBLE


def directory() -> QuerySet[Organisation]:
    """Registered SMEs with everything a list or export shows, fetched in a fixed number of queries.

    Every signed-in person may see every registered SME; private fields are hidden per row.
    """
    domains = S3Domain.objects.order_by("code")
    return (
        Organisation.objects.filter(kind=OrganisationKind.SME, sme_profile__isnull=False)
        .select_related("region", "sme_profile")
        .prefetch_related(
            Prefetch("sme_profile__s3_domains", queryset=domains),
        )
        .order_by("name", "pk")
    )


def company() -> QuerySet[Organisation]:
    """The directory's rows with what a company's own page adds: the domains of its offers and needs."""
    domains = S3Domain.objects.order_by("code")
    return directory().prefetch_related(
        Prefetch("sme_profile__offer_domains", queryset=domains),
        Prefetch("sme_profile__need_domains", queryset=domains),
    )


def exportable(user) -> QuerySet[Organisation]:
    """The directory rows `user` may export: all for facilitators and admins, own region(s) for authorities."""
    queryset = directory()
    if is_facilitator(user) or is_programme_admin(user):
        return queryset
    codes = authority_region_codes(user)
    if not codes:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(region__code__startswith=code) for code in codes)))


def eligible_smes() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.SME, sme_profile__size_class__in=ELIGIBLE)


def shows_private(user, organisation) -> bool:
    return bool(can_see_private(user, organisation))


def _private_rule(user) -> tuple[bool, frozenset[int]]:
    """The rule of `can_see_private` for `user`: whether they see every company's private
    figures (facilitators, admins), and otherwise whose (their own organisations')."""
    return is_facilitator(user) or is_programme_admin(user), frozenset(organisation_ids(user))


def private_shown_to(user) -> Callable[[int], bool]:
    """`shows_private` for a list, by organisation id: the rule decided once for `user`, then a
    set lookup per row (the rule per row was a tenth of the directory page)."""
    sees_all, own = _private_rule(user)
    return lambda organisation_id: sees_all or organisation_id in own


def private_scope(user) -> str:
    """The same rule as a key for a kept list: who sees the same private figures as `user`."""
    sees_all, own = _private_rule(user)
    return "all" if sees_all else "own:" + ",".join(map(str, sorted(own)))


EXPORT_CHUNK = 1000
_EXPORT_FIELDS = [
    "pk",
    "name",
    "country",
    "business_id",
    "website",
    "region__code",
    "region__name",
    *(
        f"sme_profile__{name}"
        for name in [
            "vat_number",
            "city",
            "nace_code",
            "nace_section",
            "size_class",
            "founding_year",
            "description",
            "offers",
            "needs",
            "employees",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_public",
            "figures_public",
        ]
    ),
]


def export_rows(user, organisations: QuerySet[Organisation], *, chunk_size: int = EXPORT_CHUNK) -> Iterator[dict]:
    """One dict per company, streamed: fields the company keeps private are blank unless `user`
    may see them (the rule of `can_see_private`, decided once for the user, not per row).

    Reads plain values in chunks (no model instances, none of the directory's prefetches) and
    the S3 domain codes once per chunk, so memory stays flat however many rows there are.
    """
    shows_private = private_shown_to(user)
    values = organisations.select_related(None).prefetch_related(None).values(*_EXPORT_FIELDS)
    chunk: list[dict] = []
    for row in values.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from _export_chunk(chunk, shows_private)
            chunk = []
    yield from _export_chunk(chunk, shows_private)


def _export_chunk(chunk: list[dict], shows_private: Callable[[int], bool]) -> Iterator[dict]:
    codes: dict[int, list[str]] = {}
    tagged = SMEProfile.s3_domains.through.objects.filter(smeprofile_id__in=[row["pk"] for row in chunk])
    for profile_id, code in tagged.order_by("s3domain__code").values_list("smeprofile_id", "s3domain__code"):
        codes.setdefault(profile_id, []).append(code)
    for row in chunk:
        yield _export_row(row, codes.get(row["pk"], []), shows_private(row["pk"]))


def _export_row(row: dict, domains: list[str], private: bool) -> dict:
    p = {key.removeprefix("sme_profile__"): value for key, value in row.items() if key.startswith("sme_profile__")}
    figures = private or p["figures_public"]
    contact = private or p["contact_public"]
    return {
        "name": row["name"],
        "country": row["country"],
        "business_id": display_business_id(row["country"], row["business_id"]),
        "vat_number": p["vat_number"],
        "region": row["region__code"] or "",
        "region_name": row["region__name"] or "",
        "city": p["city"],
        "website": row["website"],
        "nace_code": p["nace_code"],
        "nace_section": p["nace_section"],
        "size_class": p["size_class"],
        "s3_domains": ";".join(domains),
        "founding_year": p["founding_year"],
        "description": p["description"],
        "offers": p["offers"],
        "needs": p["needs"],
        "employees": p["employees"] if figures else "",
        "annual_turnover_eur": p["annual_turnover_eur"] if figures else "",
        "balance_sheet_total_eur": p["balance_sheet_total_eur"] if figures else "",
        "contact_name": p["contact_name"] if contact else "",
        "contact_email": p["contact_email"] if contact else "",
        "contact_phone": p["contact_phone"] if contact else "",
    }
