from celery import shared_task


@shared_task(name="policy.render_version", ignore_result=True)
def render_version(rendition_id: int) -> str:
    from . import services

    return services.render_rendition(rendition_id=rendition_id)
