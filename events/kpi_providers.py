"""KPIs of the events module, read by the dashboard through bsrstars/kpis.py."""

from django.utils.translation import gettext_lazy as _

from bsrstars import kpis


def smes_engaged(period: kpis.Period) -> kpis.KPIValue:
    """Distinct SMEs with an attended registration at a research–business matchmaking event,
    by the SME's region and country and the month of the event."""
    from bsrstars.accounts.models import Organisation

    queryset = Organisation.objects.filter(
        kind="sme",
        registrations__attended=True,
        registrations__event__type="matchmaking",
        **{
            f"registrations__event__start__date__{op}": day
            for op, day in (("gte", period.start), ("lt", period.end))
            if day
        },
    )
    return kpis.count_distinct_breakdown(
        queryset,
        code="events.smes",
        distinct_field="id",
        date_field="registrations__event__start",
        region_field="region__code",
        country_field="country",
        period=period,
    )


def _authorities_at_policy_learning(period: kpis.Period):
    """Attended registrations of regional and national authorities at policy-learning events."""
    from bsrstars.accounts.models import OrganisationKind

    from .models import Registration

    return Registration.objects.filter(
        attended=True,
        event__type="policy_learning",
        organisation__kind__in=[OrganisationKind.REGIONAL_AUTHORITY, OrganisationKind.NATIONAL_AUTHORITY],
        **{f"event__start__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day},
    )


def authorities_at_policy_learning(period: kpis.Period) -> kpis.KPIValue:
    """Distinct authorities attending policy-learning events, by the authority's region and
    country and the month of the event."""
    return kpis.count_distinct_breakdown(
        _authorities_at_policy_learning(period),
        code="events.authorities",
        distinct_field="organisation_id",
        date_field="event__start",
        region_field="organisation__region__code",
        country_field="organisation__country",
        period=period,
    )


def policy_learning_attendance(period: kpis.Period) -> list[tuple[int, object]]:
    """(authority, date) pairs of the same registrations, added to the programme's 'authorities in
    policy learning' indicator (regions/kpi_providers.py), which counts each authority once."""
    return list(_authorities_at_policy_learning(period).values_list("organisation_id", "event__start__date"))


def _held(period: kpis.Period):
    from .selectors import held_meetings

    return held_meetings().filter(
        **{f"session__start__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day},
    )


def meetings_held(period: kpis.Period) -> kpis.KPIValue:
    """Scheduled meetings where both sides attended, broken down by the requesting organisation."""
    return kpis.count_distinct_breakdown(
        _held(period),
        code="events.meetings",
        distinct_field="id",
        date_field="session__start",
        region_field="request__sender__organisation__region__code",
        country_field="request__sender__organisation__country",
        period=period,
    )


def cross_border_share(period: kpis.Period) -> kpis.KPIValue:
    """Share (%) of meetings held between organisations of different countries."""
    from django.db.models import F

    held = _held(period).filter(**period.region_kwargs("request__sender__organisation__region__code"))
    total = held.count()
    cross = held.exclude(request__sender__organisation__country=F("request__recipient__organisation__country")).count()
    return kpis.KPIValue(code="events.cross_border_share", total=round(100 * cross / total, 1) if total else 0)


def meetings_answered(period: kpis.Period, *, code: str, **answer) -> kpis.KPIValue:
    """Meetings that at least one side answered so (`answer`: a lookup such as
    outcomes__outcome="cooperation" or follow_ups__result="funded"), by the requesting organisation."""
    from .models import Meeting

    queryset = Meeting.objects.filter(
        **answer,
        **{f"session__start__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day},
    )
    return kpis.count_distinct_breakdown(
        queryset,
        code=code,
        distinct_field="id",
        date_field="session__start",
        region_field="request__sender__organisation__region__code",
        country_field="request__sender__organisation__country",
        period=period,
    )


def register():
    from functools import partial

    from django.utils.text import format_lazy

    from regions.kpi_providers import add_policy_learning_source

    from .models import FollowUpResult, OutcomeKind

    add_policy_learning_source(policy_learning_attendance)
    for result in FollowUpResult:
        kpis.register(
            kpis.KPIProvider(
                f"events.follow_up.{result.value}",
                format_lazy(_("Six months after matchmaking: {result}"), result=result.label),
                _("meetings"),
                partial(meetings_answered, code=f"events.follow_up.{result.value}", follow_ups__result=result.value),
            )
        )
    for kind in OutcomeKind:
        kpis.register(
            kpis.KPIProvider(
                f"events.outcomes.{kind.value}",
                format_lazy(_("Meeting outcomes: {kind}"), kind=kind.label),
                _("meetings"),
                partial(meetings_answered, code=f"events.outcomes.{kind.value}", outcomes__outcome=kind.value),
            )
        )
    kpis.register(
        kpis.KPIProvider("events.smes", _("SMEs engaged in research–business events"), _("SMEs"), smes_engaged)
    )
    kpis.register(
        kpis.KPIProvider("events.meetings", _("Meetings held at matchmaking events"), _("meetings"), meetings_held)
    )
    kpis.register(
        kpis.KPIProvider(
            "events.authorities",
            _("Authorities attending policy-learning events"),
            _("authorities"),
            authorities_at_policy_learning,
        )
    )
    kpis.register(
        kpis.KPIProvider("events.cross_border_share", _("Share of cross-border meetings"), "%", cross_border_share)
    )
