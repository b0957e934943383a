from celery import shared_task

from . import services


@shared_task(name="regions.take_kpi_snapshots", ignore_result=True)
def take_kpi_snapshots() -> int:
    """Monthly: store the month just ended (idempotent, so a rerun or a missed beat is harmless)."""
    return services.take_kpi_snapshots()


@shared_task(name="regions.refresh_kpis", ignore_result=True)
def refresh_kpis() -> int:
    """Every 30 s: the current values the dashboard, /api/v1/kpis/ and the partner regions'
    pages show, computed ahead into the cache (bsrstars/kpis.py); idempotent."""
    return services.refresh_kpis()
