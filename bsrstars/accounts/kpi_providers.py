"""KPI providers of accounts: organisations registered, one indicator per organisation kind."""

from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bsrstars import kpis


def organisations_registered(period: kpis.Period, *, kind: str) -> kpis.KPIValue:
    from .models import Organisation

    queryset = Organisation.objects.filter(kind=kind, **period.filter_kwargs("created_at"))
    return kpis.count_distinct_breakdown(
        queryset,
        code=f"organisations.{kind}",
        distinct_field="id",
        date_field="created_at",
        region_field="region__code",
        country_field="country",
        period=period,
    )


def register():
    from .models import OrganisationKind

    for kind in OrganisationKind:
        kpis.register(
            kpis.KPIProvider(
                code=f"organisations.{kind.value}",
                name=format_lazy(_("Organisations registered: {kind}"), kind=kind.label),
                unit=_("organisations"),
                compute=partial(organisations_registered, kind=kind.value),
            )
        )
