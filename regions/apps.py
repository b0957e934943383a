from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home

        home_registry.register(home.home_items)
        from bsrstars import kpis, navigation
        from bsrstars.accounts import roles

        from . import exports, tasks  # noqa: F401 -- register the snapshot task in every process
        from .kpi_providers import authorities_in_policy_learning

        exports.register()
        kpis.register(
            kpis.KPIProvider(
                code="regions.authorities_policy_learning",
                name=_("Authorities in policy learning"),
                unit=_("authorities"),
                compute=authorities_in_policy_learning,
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:list",
                _("Regions"),
                _("Partner regions' S3 profiles, how regions compare, and the NUTS regions of the programme."),
                "regions.view_region",
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:domains",
                _("S3 domains"),
                _("The smart-specialisation domains, their NACE links, and who to learn from in each."),
                "regions.view_s3domain",
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:dashboard",
                _("KPI dashboard"),
                _("The programme's indicators against their targets, computed from what happened in the portal."),
                "regions.view_dashboard",
                audiences=frozenset(
                    {roles.PARTNER, roles.REGIONAL_AUTHORITY, roles.FACILITATOR, roles.PROGRAMME_ADMIN}
                ),
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:policy_learning",
                _("Policy learning"),
                _("Peer reviews, study visits and workshops, the authorities that took part; record your own."),
                "regions.view_region",
                audiences=frozenset({roles.REGIONAL_AUTHORITY, roles.PARTNER, roles.PROGRAMME_ADMIN}),
            )
        )
        navigation.add(
            navigation.Entry(
                "regions:statistics",
                _("Regional statistics"),
                _("Indicators by region and year, as charts with the figures beside them."),
                "regions.view_region",
                audiences=frozenset({roles.REGIONAL_AUTHORITY, roles.PARTNER, roles.PROGRAMME_ADMIN}),
            )
        )
        # Only those who may import see the promise of an import (partners and admins).
        navigation.add(
            navigation.Entry(
                "regions:statistics_import",
                _("Import regional statistics"),
                _("Upload a CSV or XLSX of indicators, check every row, then import all of them or none."),
                "regions.import_statistics",
                audiences=frozenset({roles.PARTNER, roles.PROGRAMME_ADMIN}),
            )
        )
