from celery import shared_task

from . import requests


@shared_task(name="events.expire_requests", ignore_result=True)
def expire_requests() -> int:
    return requests.expire_requests()


@shared_task(name="events.run_schedule", ignore_result=True)
def run_schedule(run_id: int) -> str:
    from . import schedule

    return schedule.run_schedule(run_id=run_id)
