"""A large export or a long PDF, built by a worker for the person who asked (bsrstars/downloads)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bsrstars.outbox.models import OutboxItem
from bsrstars.outbox.services import register as register_outbox


def private_storage():
    """Outside MEDIA_ROOT: only the download view, which checks who asks, hands the file out."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


EXPORTS_FOLDER = "exports"  # under PRIVATE_MEDIA_ROOT


def export_path(instance, filename):
    return f"{EXPORTS_FOLDER}/{instance.pk}-{instance.token}.{instance.fmt}"


@register_outbox
class ExportJob(OutboxItem):
    """One requested download. The page that asked shows its progress (`rows_done` of
    `rows_total`, written by the worker as it goes) and then offers the file, to the person who
    asked and nobody else. Files are deleted after EXPORT_KEEP_HOURS."""

    outbox_task = "downloads.build_export"

    kind = models.CharField(_("kind"), max_length=60)
    fmt = models.CharField(_("format"), max_length=8)
    params = models.JSONField(_("what was asked for"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("requested by")
    )
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    token = models.CharField(max_length=32, editable=False)  # unguessable part of the stored file's name
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, storage=private_storage, blank=True, max_length=200)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="downloads_job_by_user")]

    def __str__(self):
        return f"{self.title} ({self.fmt}, {self.status})"

    @property
    def progress_percent(self) -> int:
        if self.status == "done":
            return 100
        return min(100, round(100 * self.rows_done / self.rows_total)) if self.rows_total else 0

    @property
    def download_name(self) -> str:
        return f"{self.filename}.{self.fmt}"
