from collections.abc import Callable

from bsrstars import kpis

# Other modules' policy learning (e.g. authorities attending policy-learning events): each source
# gives (organisation id, date) pairs for a period; the indicator counts an authority once.
_SOURCES: list[Callable[[kpis.Period], list[tuple[int, object]]]] = []


def add_policy_learning_source(source: Callable[[kpis.Period], list[tuple[int, object]]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def _activities(period: kpis.Period) -> list[tuple[int, object]]:
    from .models import PolicyLearningActivity

    return list(
        PolicyLearningActivity.participants.through.objects.filter(
            organisation__kind__in=["regional_authority", "national_authority"],
            **period.region_kwargs("organisation__region__code"),
            **{
                f"policylearningactivity__date__{op}": day
                for op, day in (("gte", period.start), ("lt", period.end))
                if day
            },
        ).values_list("organisation_id", "policylearningactivity__date")
    )


def authorities_in_policy_learning(period: kpis.Period) -> kpis.KPIValue:
    """Distinct regional and national authorities that took part in policy learning: activities
    recorded here and what other modules add (policy-learning events), by the authority's region
    and country; by month, the authorities active that month. A few queries whatever the data."""
    from bsrstars.accounts.models import Organisation

    pairs = set(_activities(period))
    for source in _SOURCES:
        pairs.update(source(period))
    ids = {org for org, _day in pairs}
    authorities = Organisation.objects.filter(pk__in=ids, **period.region_kwargs("region__code"))
    rows = list(authorities.values_list("pk", "region__code", "country"))
    ids = {pk for pk, _region, _country in rows}
    pairs = {(org, day) for org, day in pairs if org in ids}
    value = kpis.KPIValue(code="regions.authorities_policy_learning", total=len(ids))
    for _pk, region, country in rows:
        value.by_region[region or ""] = value.by_region.get(region or "", 0) + 1
        value.by_country[str(country)] = value.by_country.get(str(country), 0) + 1
    months: dict[str, set[int]] = {}
    for org, day in pairs:
        months.setdefault(f"{day:%Y-%m}", set()).add(org)
    value.by_month = {month: len(orgs) for month, orgs in sorted(months.items())}
    return value
