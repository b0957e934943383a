from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bsrstars.exports import CONTENT_TYPES, table_response
from bsrstars.outbox.models import OutboxStatus
from bsrstars.permissions import permission_required

from . import registry, services
from .models import ExportJob


def respond(request, *, kind: str, fmt: str, params: dict):
    """What an export URL answers, for views that checked permission already: a small export
    (or a one-page document) at once; a large one, after a POST, as a job whose page shows its
    progress. A GET of a large export shows the button that starts it: a GET writes nothing."""
    export = registry.get(kind)
    if fmt not in export.formats:
        raise Http404
    if request.method == "POST":
        job = services.request_export(kind=kind, fmt=fmt, params=params, user=request.user)
        messages.info(request, _("The file is being made. This page shows how far it is."))
        return redirect("downloads:job", pk=job.pk)
    rows = export.count(request.user, params) if export.render is None else None  # counted once
    if services.runs_in_request(export, request.user, params, rows=rows):
        return _immediate(export, request.user, fmt, params)
    context = {
        "title": export.title(params),
        "fmt": fmt,
        "rows": rows,
        "back_url": export.back_url(params) if export.back_url else "",
    }
    return render(request, "downloads/start.html", context)


def _immediate(export, user, fmt, params):
    filename = export.filename(params)
    if export.render is None:
        return table_response(export.rows(user, params), fmt=fmt, filename=filename, sheet=export.sheet)
    response = HttpResponse(export.render(user, params), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _own_job(request, pk) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, requested_by=request.user)


@permission_required("downloads.view_own_exports")
def job_list(request):
    """Signed-in people: the files they asked for, while they are kept."""
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")[:50]
    busy = any(job.status in services.ACTIVE for job in jobs)
    return render(request, "downloads/list.html", {"jobs": jobs, "busy": busy, "statuses": OutboxStatus})


@permission_required("downloads.view_own_exports")
def job_detail(request, pk):
    """The person who asked for the export: its progress, then the file. Anyone else: 404."""
    job = _own_job(request, pk)
    context = {
        "job": job,
        "busy": job.status in services.ACTIVE,
        "expires_at": services.expires_at(job),
        "statuses": OutboxStatus,
    }
    return render(request, "downloads/job.html", context)


@require_GET
@permission_required("downloads.view_own_exports")
def download(request, pk):
    """The finished file, to the person who asked for it only."""
    job = _own_job(request, pk)
    if job.status != OutboxStatus.DONE or not job.file:
        raise Http404(_("This file is not ready (or no longer kept)."))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This file is not ready (or no longer kept).")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=job.download_name, content_type=CONTENT_TYPES.get(job.fmt)
    )
    response["Cache-Control"] = "private, no-store"
    return response
