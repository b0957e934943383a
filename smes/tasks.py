from celery import shared_task


@shared_task(name="smes.run_company_import", ignore_result=True)
def run_company_import(job_id: int) -> str:
    from . import importing

    return importing.run_job(job_id=job_id)
