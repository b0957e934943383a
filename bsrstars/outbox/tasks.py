from celery import shared_task

from . import services


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep_outbox() -> int:
    return services.sweep()
