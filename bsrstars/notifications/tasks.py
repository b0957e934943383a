from celery import shared_task

from . import services


@shared_task(name="notifications.send_email", bind=True, max_retries=5, ignore_result=True)
def send_notification_email(self, notification_id: int) -> str:
    try:
        return services.deliver_notification_email(notification_id=notification_id)
    except services.TransientDeliveryError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
