"""Sending one email for one outbox row, exactly once (claim → send → finish)."""

import smtplib
from collections.abc import Callable

from django.core.mail import EmailMessage

from . import services as outbox

# Worth retrying: the mail server or the network is away for a while. Anything else
# (a refused recipient, a template error) fails the row at once.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


class TransientDeliveryError(Exception):
    """The row went back to pending; the task may retry with back-off."""


def deliver_email(model, pk, build: Callable[[object], EmailMessage]) -> str:
    """Claim the row, send the message `build(row)` returns, mark the row done.

    Returns the row's status afterwards ("skipped" when the row is gone or not pending).
    """
    row = outbox.claim(model, pk)
    if row is None:
        return "skipped"
    try:
        build(row).send(fail_silently=False)
    except TRANSIENT_EMAIL_ERRORS as exc:
        if outbox.release(row, error=repr(exc)):
            raise TransientDeliveryError(str(exc)) from exc
        return row.status
    except Exception as exc:
        outbox.fail(row, error=repr(exc))
        raise
    outbox.finish(row)
    return row.status
