"""Writing notifications and delivering their emails (outbox work)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus

from .kinds import KINDS
from .models import Notification
from .rendering import render_email

# Errors worth retrying: the mail server or network is away for a while.
TRANSIENT_EMAIL_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPDataError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
    OSError,
)


class TransientDeliveryError(Exception):
    pass


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
    """Send one notification's email once. Returns the row's status afterwards.

    Raises TransientDeliveryError (row back to pending) so the task can retry with back-off.
    """
    notification = outbox.claim(Notification, notification_id)
    if notification is None:
        return "skipped"
    subject, body = render_email(notification)
    message = EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )
    try:
        message.send(fail_silently=False)
    except TRANSIENT_EMAIL_ERRORS as exc:
        if outbox.release(notification, error=repr(exc)):
            raise TransientDeliveryError(str(exc)) from exc
        return notification.status
    except Exception as exc:
        outbox.fail(notification, error=repr(exc))
        raise
    outbox.finish(notification)
    return notification.status


def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(read_at=timezone.now())
