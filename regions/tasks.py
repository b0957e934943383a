from celery import shared_task

from . import services


@shared_task(name="regions.take_kpi_snapshots", ignore_result=True)
def take_kpi_snapshots() -> int:
    """Monthly: store the month just ended (idempotent, so a rerun or a missed beat is harmless)."""
    return services.take_kpi_snapshots()
