from bsrstars import kpis


def eligible_smes_registered(period: kpis.Period) -> kpis.KPIValue:
    """Distinct eligible SMEs by the date their organisation was registered."""
    from .selectors import eligible_smes

    queryset = eligible_smes().filter(**period.filter_kwargs("created_at"))
    return kpis.count_distinct_breakdown(
        queryset,
        code="smes.eligible",
        distinct_field="id",
        date_field="created_at",
        region_field="region__code",
        country_field="country",
        period=period,
    )
