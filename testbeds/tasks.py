from celery import shared_task


@shared_task(name="testbeds.send_report_reminders", ignore_result=True)
def send_report_reminders() -> int:
    from . import services

    return services.send_report_reminders()
