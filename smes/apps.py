from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmesConfig(AppConfig):
    name = "smes"
    verbose_name = _("SMEs")

    def ready(self):
        from bsrstars import home as home_registry

        from . import home, results

        home_registry.register(home.home_items)
        results.connect_signals()
        from bsrstars import kpis, navigation
        from bsrstars.accounts import roles

        from . import exports, tasks  # noqa: F401 -- register the tasks where rows are enqueued, not only in workers
        from .kpi_providers import eligible_smes_registered

        exports.register()
        kpis.register(
            kpis.KPIProvider(
                code="smes.eligible",
                name=_("SMEs registered (eligible by the EU definition)"),
                unit=_("SMEs"),
                compute=eligible_smes_registered,
                description=_("Distinct companies whose profile meets Recommendation 2003/361/EC."),
            )
        )
        navigation.add(
            navigation.Entry(
                "smes:directory",
                _("SME directory"),
                _("Find companies by country, region, S3 domain, size and what they offer or need."),
                "smes.view_directory",
                in_nav=True,
            )
        )
        navigation.add(
            navigation.Entry(
                "smes:register",
                _("Register your company"),
                _("One record per company, with its business ID; or ask to join one that is registered."),
                "smes.register_company",
            )
        )
        navigation.add(
            navigation.Entry(
                "smes:import",
                _("Import companies"),
                _("Upload a CSV or XLSX of companies, check every row, then import all of them or none."),
                "smes.import_companies",
                audiences=frozenset({roles.FACILITATOR, roles.PROGRAMME_ADMIN}),
            )
        )
