"""Writing notifications and delivering their emails (outbox work)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from bsrstars.outbox import services as outbox
from bsrstars.outbox.email import TransientDeliveryError, deliver_email
from bsrstars.outbox.models import OutboxStatus

from .kinds import KINDS
from .models import Notification
from .rendering import render_email

__all__ = ["TransientDeliveryError", "deliver_notification_email", "mark_all_read", "mark_read", "notify"]


@transaction.atomic
def notify(*, recipient, kind: str, payload: dict | None = None, url: str = "", email: bool = True) -> Notification:
    """Create a notification. Side effect: its email is enqueued after commit (unless email=False)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        payload=payload or {},
        url=url,
        status=OutboxStatus.PENDING if email and recipient.is_active else OutboxStatus.SKIPPED,
    )
    if notification.status == OutboxStatus.PENDING:
        outbox.enqueue_on_commit(notification)
    return notification


def deliver_notification_email(*, notification_id: int) -> str:
    """Send one notification's email once, in the recipient's language. Returns the row's status.

    Raises TransientDeliveryError (row back to pending) so the task can retry with back-off.
    """
    return deliver_email(Notification, notification_id, _build_message)


def _build_message(notification: Notification) -> EmailMessage:
    subject, body = render_email(notification)
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
