from celery import shared_task

from . import requests


@shared_task(name="events.expire_requests", ignore_result=True)
def expire_requests() -> int:
    return requests.expire_requests()


@shared_task(name="events.send_follow_up_surveys", ignore_result=True)
def send_follow_up_surveys() -> int:
    from . import followup

    return followup.send_follow_up_surveys()


@shared_task(name="events.run_schedule", ignore_result=True)
def run_schedule(run_id: int) -> str:
    from . import schedule

    return schedule.run_schedule(run_id=run_id)
