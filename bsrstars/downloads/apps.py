from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "bsrstars.downloads"
    label = "downloads"
    verbose_name = _("Downloads")

    def ready(self):
        from bsrstars.accounts import personal_data

        from . import services, tasks  # noqa: F401 -- register the tasks where rows are enqueued, not only in workers
        from .models import ExportJob

        personal_data.register(
            "downloads",
            lambda user: list(
                ExportJob.objects.filter(requested_by=user).values("title", "fmt", "params", "created_at", "status")
            ),
            services.delete_exports_of,
        )
