"""Reads about regions and the S3 taxonomy. Trees are built in Python from one query."""

from collections import defaultdict

from .models import Region, S3Domain


def region_tree() -> list[dict]:
    """Countries with their NUTS 1/2/3 regions nested: [{region, children: [...]}]. One query."""
    regions = list(Region.objects.order_by("code"))
    children = defaultdict(list)
    for region in regions:
        children[region.parent_id].append(region)

    def build(region):
        return {"region": region, "children": [build(child) for child in children[region.pk]]}

    return [build(root) for root in children[None]]


def partner_regions():
    return Region.objects.filter(is_partner=True).select_related("parent").order_by("country", "code")


def nuts3_choices(country: str | None = None):
    queryset = Region.objects.filter(level=3)
    return queryset.filter(country=country) if country else queryset


def domain_choices() -> list[tuple[str, str]]:
    """(code, translated name) of every S3 domain, for filter selects: rows, not model instances
    (lists render these on every request)."""
    from django.utils.translation import gettext

    return [(code, gettext(name)) for code, name in S3Domain.objects.order_by("code").values_list("code", "name")]


def domain_tree() -> list[dict]:
    domains = list(S3Domain.objects.order_by("code"))
    children = defaultdict(list)
    for domain in domains:
        children[domain.parent_id].append(domain)
    return [{"domain": root, "children": children[root.pk]} for root in children[None]]


def region_by_code(code: str) -> Region:
    return Region.objects.select_related("parent", "parent__parent").get(code=code)


def children_of(region: Region):
    return Region.objects.filter(parent=region).order_by("code")


# --- profiles and comparisons --------------------------------------------------------------------


def profile_of(region: Region):
    from .models import RegionProfile

    return (
        RegionProfile.objects.filter(region=region).prefetch_related("needs", "contacts", "priorities__domains").first()
    )


def domain_profiles(regions) -> dict:
    """{region code: complementarity.Profile} for the given regions, in three queries."""
    from .complementarity import Profile
    from .models import RegionProfile

    countries = {r.code: r.country for r in regions}
    result = {code: Profile(code=code, country=country) for code, country in countries.items()}
    profiles = (
        RegionProfile.objects.filter(region__code__in=list(countries))
        .select_related("region")
        .prefetch_related("needs", "priorities__domains")
    )
    for profile in profiles:
        strengths: dict[str, int] = {}
        for priority in profile.priorities.all():
            for domain in priority.domains.all():
                strengths[domain.code] = max(strengths.get(domain.code, 0), priority.strength)
        code = profile.region.code
        result[code] = Profile(
            code=code,
            strengths=strengths,
            needs=frozenset(d.code for d in profile.needs.all()),
            country=countries[code],
        )
    return result


def statistics_vectors(year: int | None = None) -> tuple[int | None, dict[str, dict[str, float]], dict[str, str]]:
    """({region code: {indicator code: value}} for `year` (default: the latest year with data),
    {region code: country}). Two queries."""
    from django.db.models import Max

    from .models import RegionalStatistic

    if year is None:
        year = RegionalStatistic.objects.aggregate(y=Max("year"))["y"]
    rows = RegionalStatistic.objects.filter(year=year).values_list(
        "region__code", "region__country", "indicator__code", "value"
    )
    values: dict[str, dict[str, float]] = {}
    countries: dict[str, str] = {}
    for code, country, indicator, value in rows:
        values.setdefault(code, {})[indicator] = float(value)
        countries[code] = country
    return year, values, countries


def own_authorities(user):
    """The regional and national authorities `user` is a member of."""
    from bsrstars.accounts.models import Organisation
    from bsrstars.accounts.rules import organisation_ids

    return Organisation.objects.filter(
        pk__in=organisation_ids(user), kind__in=["regional_authority", "national_authority"]
    ).order_by("name")
