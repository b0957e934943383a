"""Exports of more than a few hundred rows and documents longer than a page, built in a worker
through the outbox (row first, enqueue on commit, claim, sweep: a broker outage delays an
export but loses none). The page that asks returns at once and shows the job's progress; the
worker streams the rows to a file under PRIVATE_MEDIA_ROOT, which only the person who asked may
download, and which is deleted after EXPORT_KEEP_HOURS. Small exports stay in the request.
"""

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bsrstars.exports import write_table
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus

from . import registry
from .models import EXPORTS_FOLDER, ExportJob, export_path

logger = logging.getLogger(__name__)
ACTIVE = (OutboxStatus.PENDING, OutboxStatus.RUNNING)


class ExportRefused(Exception):
    """The person who asked may no longer export this (checked again in the worker)."""


def runs_in_request(export: registry.Export, user, params: dict, *, rows: int | None = None) -> bool:
    """Small exports (up to EXPORT_INLINE_ROWS rows: pass `rows` if counted already) and
    one-page documents are made at once."""
    if export.render is not None:
        return bool(export.short and export.short(user, params))
    return (export.count(user, params) if rows is None else rows) <= settings.EXPORT_INLINE_ROWS


@transaction.atomic
def request_export(*, kind: str, fmt: str, params: dict, user) -> ExportJob:
    """Start building an export for `user` (side effect: the job is enqueued on commit). Asking
    again while the same export is still being made gives the same job."""
    export = registry.get(kind)
    same = ExportJob.objects.filter(kind=kind, fmt=fmt, params=params, requested_by=user, status__in=ACTIVE)
    existing = same.order_by("-pk").first()
    if existing is not None:
        return existing
    job = ExportJob.objects.create(
        kind=kind,
        fmt=fmt,
        params=params,
        requested_by=user,
        title=str(export.title(params))[:200],
        filename=export.filename(params)[:200],
        token=secrets.token_hex(16),
    )
    outbox.enqueue_on_commit(job)
    return job


def _report(job_pk: int, done: int) -> None:
    ExportJob.objects.filter(pk=job_pk).update(rows_done=done)


def build_export(*, job_id: int) -> str:
    """The task's work: write the job's file. Idempotent by the claim; a rerun (after a worker
    died) writes the file again from the start."""
    job = outbox.claim(ExportJob, job_id)
    if job is None:
        return "skipped"
    name = export_path(job, "")
    target = Path(settings.PRIVATE_MEDIA_ROOT) / name
    partial = target.with_name(target.name + ".part")
    try:
        export = registry.get(job.kind)
        user = job.requested_by
        if not export.allowed(user, job.params):
            raise ExportRefused(job.kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            if export.render is not None:
                out.write(export.render(user, job.params))
            else:
                total = export.count(user, job.params)
                ExportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)
                job.rows_total = total
                write_table(
                    export.rows(user, job.params),
                    out,
                    fmt=job.fmt,
                    sheet=export.sheet,
                    progress=lambda done: _report(job.pk, done),
                )
        os.replace(partial, target)  # the download never sees half a file
    except Exception as exc:
        partial.unlink(missing_ok=True)
        outbox.fail(job, error=repr(exc))
        raise
    job.file.name, job.finished_at = name, timezone.now()
    job.rows_done = job.rows_total
    job.save(update_fields=["file", "finished_at", "rows_done"])
    outbox.finish(job)
    return job.status


def delete_expired(*, now=None) -> int:
    """Delete exports (rows and files) requested more than EXPORT_KEEP_HOURS ago, and any file
    left that old in the exports folder (its row went with a deleted account, or a worker died
    while writing it). Returns how many rows were deleted."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    deleted = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).exclude(status=OutboxStatus.RUNNING).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / EXPORTS_FOLDER
    for path in folder.glob("*") if folder.is_dir() else ():
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
    return deleted


def delete_exports_of(user) -> None:
    """A deleted account's exports go at once, files and rows (they hold other people's data)."""
    for job in ExportJob.objects.filter(requested_by=user).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()


def expires_at(job: ExportJob):
    return job.created_at + timedelta(hours=settings.EXPORT_KEEP_HOURS)
