from celery import shared_task

from . import requests


@shared_task(name="events.expire_requests", ignore_result=True)
def expire_requests() -> int:
    return requests.expire_requests()
