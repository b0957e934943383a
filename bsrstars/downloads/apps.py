from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "bsrstars.downloads"
    label = "downloads"
    verbose_name = _("Downloads")

    def ready(self):
        from . import tasks  # noqa: F401 -- register the tasks where rows are enqueued, not only in workers
