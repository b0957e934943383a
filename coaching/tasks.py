from celery import shared_task


@shared_task(name="coaching.send_follow_ups", ignore_result=True)
def send_follow_ups() -> int:
    from . import services

    return services.send_follow_ups()
