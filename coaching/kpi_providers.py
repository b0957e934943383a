"""KPIs of coaching, read by the dashboard through bsrstars/kpis.py (regions/ imports nothing here)."""

from django.utils.translation import gettext_lazy as _

from bsrstars import kpis


def _period(prefix: str, period: kpis.Period) -> dict:
    return {f"{prefix}__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day}


def smes_in_transnational_coaching(period: kpis.Period) -> kpis.KPIValue:
    """Distinct companies with a confirmed transnational coach assignment, by the company's region
    and country and the month of the assignment (counted against the programme's target of 150)."""
    from bsrstars.accounts.models import Organisation

    queryset = Organisation.objects.filter(
        coaching_applications__assignment__transnational=True,
        **_period("coaching_applications__assignment__assigned_at", period),
    )
    return kpis.count_distinct_breakdown(
        queryset,
        code="coaching.smes",
        distinct_field="id",
        date_field="coaching_applications__assignment__assigned_at",
        region_field="region__code",
        country_field="country",
        period=period,
    )


def hours_delivered(period: kpis.Period) -> kpis.KPIValue:
    """Hours of sessions the companies confirmed, by the company's region and country and the
    month of the session. Four aggregate queries."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from .models import CoachingSession, SessionStatus

    org = "assignment__application__organisation__"
    rows = CoachingSession.objects.filter(
        status=SessionStatus.CONFIRMED, **_period("start", period), **period.region_kwargs(f"{org}region__code")
    )
    total = Sum("duration_minutes")

    def hours(minutes):
        return round((minutes or 0) / 60, 1)

    value = kpis.KPIValue(code="coaching.hours", total=hours(rows.aggregate(m=total)["m"]))
    for key, m in rows.values_list(f"{org}region__code").annotate(m=total).values_list(f"{org}region__code", "m"):
        value.by_region[key or ""] = hours(m)
    for key, m in rows.values_list(f"{org}country").annotate(m=total).values_list(f"{org}country", "m"):
        value.by_country[str(key)] = hours(m)
    for row in rows.annotate(month=TruncMonth("start")).values("month").annotate(m=total).order_by("month"):
        value.by_month[row["month"].strftime("%Y-%m")] = hours(row["m"])
    return value


def outcomes_of_kind(period: kpis.Period, *, kind: str) -> kpis.KPIValue:
    """Outcomes of one kind recorded for coached companies, by the company and month recorded."""
    from .models import Outcome

    org = "assignment__application__organisation__"
    return kpis.count_distinct_breakdown(
        Outcome.objects.filter(kind=kind, **_period("recorded_at", period)),
        code=f"coaching.outcomes.{kind}",
        distinct_field="id",
        date_field="recorded_at",
        region_field=f"{org}region__code",
        country_field=f"{org}country",
        period=period,
    )


def register():
    from functools import partial

    from django.utils.text import format_lazy

    from .models import OutcomeKind

    kpis.register(
        kpis.KPIProvider(
            "coaching.smes",
            _("SMEs in transnational coaching"),
            _("SMEs"),
            smes_in_transnational_coaching,
            description=_("Distinct companies with a confirmed coach from another country."),
        )
    )
    kpis.register(
        kpis.KPIProvider("coaching.hours", _("Coaching hours delivered (confirmed)"), _("hours"), hours_delivered)
    )
    for kind in OutcomeKind:
        kpis.register(
            kpis.KPIProvider(
                f"coaching.outcomes.{kind.value}",
                format_lazy(_("Coaching outcomes: {kind}"), kind=kind.label),
                _("outcomes"),
                partial(outcomes_of_kind, kind=kind.value),
            )
        )
