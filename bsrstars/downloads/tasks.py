from celery import shared_task


@shared_task(name="downloads.build_export", ignore_result=True)
def build_export(job_id: int) -> str:
    from . import services

    return services.build_export(job_id=job_id)


@shared_task(name="downloads.delete_expired", ignore_result=True)
def delete_expired_exports() -> int:
    from . import services

    return services.delete_expired()
