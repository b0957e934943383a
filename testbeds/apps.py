from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestbedsConfig(AppConfig):
    name = "testbeds"
    verbose_name = _("Test facilities")

    def ready(self):
        from bsrstars.notifications.kinds import register_kind

        from . import kpi_providers, tasks  # noqa: F401 -- tasks: register the reminder scan in every process

        kpi_providers.register()
        for kind in ("testbeds_submitted", "testbeds_status", "testbeds_reviewed", "testbeds_decided"):
            register_kind(kind)
        register_kind("testbeds_booking")
        register_kind("testbeds_report_due")
