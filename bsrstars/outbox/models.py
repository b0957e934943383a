"""Rows that stand for background work. See ARCHITECTURE.md, "Background work that is never lost"."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not needed")


class OutboxItem(models.Model):
    """Abstract: a row whose work a Celery task carries out.

    Subclasses name the task with `outbox_task` (a registered task name taking the row's pk) and
    are registered with `bsrstars.outbox.services.register` so the periodic sweep finds them.
    """

    outbox_task: str = ""

    status = models.CharField(
        _("work status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
