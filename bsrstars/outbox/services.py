"""The outbox: row first, enqueue on commit, claim before work, periodic sweep.

- `enqueue_on_commit(row)`: after the surrounding transaction commits, hand the row's pk to
  its task. If the broker is down the row simply stays `pending`.
- `claim(model, pk)`: atomically move a row pending → running; a task that cannot claim the row
  returns without doing anything, which makes every task idempotent.
- `finish` / `release`: running → done, or back to pending (transient error) / failed (after
  OUTBOX_MAX_ATTEMPTS).
- `sweep()`: re-enqueue rows pending longer than the grace period and rows stuck in running
  (a worker died) longer than the stale period. Celery beat runs it every minute.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxStatus

logger = logging.getLogger(__name__)

_MODELS: list = []


def register(model):
    """Class decorator: the sweep looks after rows of this model."""
    if model not in _MODELS:
        _MODELS.append(model)
    return model


def registered_models() -> list:
    return list(_MODELS)


def send_now(row_or_model, pk=None) -> bool:
    """Publish the task for a row. Returns False (and logs) when the broker cannot take it."""
    from bsrstars.celery import app

    model = row_or_model if pk is not None else type(row_or_model)
    pk = pk if pk is not None else row_or_model.pk
    try:
        app.tasks[model.outbox_task].apply_async(args=[pk])
    except Exception as exc:  # noqa: BLE001 -- any publishing failure must leave the row pending, not break the caller
        logger.warning("Could not enqueue %s for %s #%s: %s", model.outbox_task, model.__name__, pk, exc)
        return False
    return True


def enqueue_on_commit(row) -> None:
    model, pk = type(row), row.pk
    transaction.on_commit(lambda: send_now(model, pk))


def claim(model, pk):
    """Move the row pending → running and return it, or None if it is gone or not pending."""
    updated = model.objects.filter(pk=pk, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.RUNNING, status_changed_at=timezone.now()
    )
    if not updated:
        return None
    return model.objects.get(pk=pk)


def finish(row) -> None:
    _move(row, OutboxStatus.DONE, error="")


def release(row, error: str) -> bool:
    """A transient failure: back to pending, or failed after too many attempts. True if it may retry."""
    attempts = row.attempts + 1
    status = OutboxStatus.FAILED if attempts >= settings.OUTBOX_MAX_ATTEMPTS else OutboxStatus.PENDING
    _move(row, status, error=error, attempts=attempts)
    return status == OutboxStatus.PENDING


def fail(row, error: str) -> None:
    _move(row, OutboxStatus.FAILED, error=error, attempts=row.attempts + 1)


def _move(row, status, *, error, attempts=None):
    row.status = status
    row.last_error = error[:2000]
    row.status_changed_at = timezone.now()
    fields = ["status", "last_error", "status_changed_at"]
    if attempts is not None:
        row.attempts = attempts
        fields.append("attempts")
    row.save(update_fields=fields)


def sweep(*, now=None) -> int:
    """Re-enqueue forgotten rows of every registered model. Returns how many were sent."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    stale = timedelta(seconds=settings.OUTBOX_STALE_RUNNING_SECONDS)
    sent = 0
    for model in _MODELS:
        stuck = model.objects.filter(status=OutboxStatus.RUNNING, status_changed_at__lt=now - stale)
        stuck.update(status=OutboxStatus.PENDING, status_changed_at=now)
        due = model.objects.filter(
            Q(status=OutboxStatus.PENDING) & (Q(status_changed_at__lt=now - grace) | Q(status_changed_at=now))
        ).values_list("pk", flat=True)
        for pk in due.iterator():
            sent += send_now(model, pk)
    return sent
