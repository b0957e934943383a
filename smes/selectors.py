"""Reads about SMEs shared by the directory, its export, the API and KPIs."""

from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet

from bsrstars.accounts.models import Organisation, OrganisationKind
from bsrstars.accounts.rules import authority_region_codes, is_facilitator, is_programme_admin
from regions.models import S3Domain

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
            Prefetch("sme_profile__offer_domains", queryset=domains),
            Prefetch("sme_profile__need_domains", queryset=domains),
        )
        .order_by("name", "pk")
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


def export_rows(user, organisations) -> list[dict]:
    """One dict per company; fields the company keeps private are blank unless `user` may see them."""
    rows = []
    for org in organisations:
        profile = org.sme_profile
        private = shows_private(user, org)
        rows.append(
            {
                "name": org.name,
                "country": str(org.country),
                "business_id": org.business_id_display,
                "vat_number": profile.vat_number,
                "region": org.region.code if org.region else "",
                "region_name": org.region.name if org.region else "",
                "city": profile.city,
                "website": org.website,
                "nace_code": profile.nace_code,
                "nace_section": profile.nace_section,
                "size_class": profile.size_class,
                "s3_domains": ";".join(d.code for d in profile.s3_domains.all()),
                "founding_year": profile.founding_year,
                "description": profile.description,
                "offers": profile.offers,
                "needs": profile.needs,
                "employees": profile.employees if private or profile.figures_public else "",
                "annual_turnover_eur": profile.annual_turnover_eur if private or profile.figures_public else "",
                "balance_sheet_total_eur": profile.balance_sheet_total_eur if private or profile.figures_public else "",
                "contact_name": profile.contact_name if private or profile.contact_public else "",
                "contact_email": profile.contact_email if private or profile.contact_public else "",
                "contact_phone": profile.contact_phone if private or profile.contact_public else "",
            }
        )
    return rows
