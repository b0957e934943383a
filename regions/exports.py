"""The KPI dashboard's export through bsrstars.downloads. One row per indicator, so it is always
well under EXPORT_INLINE_ROWS and made in the request; it goes through the same path as every
other export so that a growing table would move to the worker by itself."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.downloads import registry

from . import dashboard
from .models import KPIDefinition

KPIS = "regions.kpis"


def register() -> None:
    registry.register(
        registry.Export(
            kind=KPIS,
            title=lambda params: _("Programme indicators"),
            filename=lambda params: f"bsr-stars-kpis-{timezone.localtime().strftime('%Y%m%d')}",
            allowed=lambda user, params: user.has_perm("regions.view_dashboard"),
            rows=lambda user, params: dashboard.export_rows(*dashboard.build(user)),
            count=lambda user, params: KPIDefinition.objects.count(),  # one row each
            sheet="KPIs",
            back_url=lambda params: reverse("regions:dashboard"),
        )
    )
