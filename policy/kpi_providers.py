"""KPIs of policy briefs, read by the dashboard (and by briefs themselves) through bsrstars/kpis.py."""

from django.utils.translation import gettext_lazy as _

from bsrstars import kpis


def briefs_published(period: kpis.Period) -> kpis.KPIValue:
    """Distinct briefs with a published version, by the author organisation's region and country
    and the month of publication."""
    from .models import BriefVersion, VersionStatus

    queryset = BriefVersion.objects.filter(status=VersionStatus.PUBLISHED, **period.filter_kwargs("published_at"))
    return kpis.count_distinct_breakdown(
        queryset,
        code="policy.briefs",
        distinct_field="brief_id",
        date_field="published_at",
        region_field="brief__organisation__region__code",
        country_field="brief__organisation__country",
        period=period,
    )


def _downloads(period: kpis.Period):
    from .models import Download

    return Download.objects.filter(**period.filter_kwargs("at"))


def downloads(period: kpis.Period) -> kpis.KPIValue:
    """Downloads of brief PDFs, by the downloading organisation's region and country."""
    return kpis.count_distinct_breakdown(
        _downloads(period),
        code="policy.downloads",
        distinct_field="id",
        date_field="at",
        region_field="organisation__region__code",
        country_field="organisation__country",
        period=period,
    )


def organisations_downloading(period: kpis.Period) -> kpis.KPIValue:
    """Distinct organisations that downloaded at least one brief."""
    return kpis.count_distinct_breakdown(
        _downloads(period).filter(organisation__isnull=False),
        code="policy.organisations",
        distinct_field="organisation_id",
        date_field="at",
        region_field="organisation__region__code",
        country_field="organisation__country",
        period=period,
    )


def register() -> None:
    kpis.register(kpis.KPIProvider("policy.briefs", _("Policy briefs published"), _("policy briefs"), briefs_published))
    kpis.register(kpis.KPIProvider("policy.downloads", _("Policy brief downloads"), _("downloads"), downloads))
    kpis.register(
        kpis.KPIProvider(
            "policy.organisations",
            _("Organisations that downloaded a policy brief"),
            _("organisations"),
            organisations_downloading,
        )
    )
