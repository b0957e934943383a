from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "bsrstars.outbox"
    label = "outbox"
    verbose_name = _("Background work")

    def ready(self):
        from . import tasks  # noqa: F401 -- register the sweep task in every process
