from celery import shared_task

from bsrstars.outbox.email import TransientDeliveryError

from . import membership


@shared_task(name="accounts.send_invitation_email", bind=True, max_retries=5, ignore_result=True)
def send_invitation_email(self, invitation_id: int) -> str:
    try:
        return membership.deliver_invitation_email(invitation_id=invitation_id)
    except TransientDeliveryError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
