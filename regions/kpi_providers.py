from bsrstars import kpis


def authorities_in_policy_learning(period: kpis.Period) -> kpis.KPIValue:
    """Distinct regional and national authorities that took part in a policy-learning activity,
    by the organisation's region and country and the month of their first activity."""
    from bsrstars.accounts.models import Organisation

    queryset = Organisation.objects.filter(
        kind__in=["regional_authority", "national_authority"],
        policy_learning__isnull=False,
        **{f"policy_learning__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day},
    )
    return kpis.count_distinct_breakdown(
        queryset,
        code="regions.authorities_policy_learning",
        distinct_field="id",
        date_field="policy_learning__date",
        region_field="region__code",
        country_field="country",
    )
