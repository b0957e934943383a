from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars import company_sections
from bsrstars.downloads import views as downloads
from bsrstars.forms import ImportUploadForm
from bsrstars.imports import ImportStatus, own_batch
from bsrstars.outbox.models import OutboxStatus
from bsrstars.permissions import permission_required

from . import exports, importing, results, selectors, services
from .filters import SMEFilter
from .forms import CompanyForm
from .models import CompanyImport
from .sizing import ELIGIBLE

PAGE_SIZE = 25


@permission_required("smes.register_company")
def register(request):
    """Signed-in people: register their company (or find that it is registered already)."""
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.register_company(
                name=data["name"],
                country=data["country"],
                business_id=data["business_id"],
                region=data["region"],
                website=data["website"],
                profile=form.profile_data(),
                registered_by=request.user,
            )
        except services.DuplicateCompany as exc:
            messages.info(
                request,
                services.duplicate_message(exc.organisation) + " " + _("You can ask its admins to let you join."),
            )
            return redirect("accounts:request_membership", pk=exc.organisation.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s is registered. You are its admin.") % {"name": organisation.name})
            return redirect("smes:detail", pk=organisation.pk)
    return render(request, "smes/register.html", {"form": form})


def _company(request, pk, **kwargs):
    return get_object_or_404(selectors.company(), pk=pk)


@permission_required("smes.view_smeprofile", fn=_company)
def detail(request, pk):
    """Signed-in people; private fields only for its members, facilitators and programme admins."""
    organisation = _company(request, pk)
    context = {
        "organisation": organisation,
        "profile": organisation.sme_profile,
        "private": selectors.shows_private(request.user, organisation),
        "eligible": services.is_eligible_sme(organisation),
        "can_edit": request.user.has_perm("smes.change_smeprofile", organisation),
        "can_manage_members": request.user.has_perm("accounts.manage_members", organisation),
        "can_request_membership": request.user.has_perm("accounts.request_membership", organisation),
        "sections": company_sections.render_all(request, organisation),
    }
    return render(request, "smes/detail.html", context)


@permission_required("smes.change_smeprofile", fn=_company)
def edit(request, pk):
    """The company's admin members and programme admins: keep the profile current."""
    organisation = _company(request, pk)
    form = CompanyForm(request.POST or None, instance=organisation.sme_profile, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_company(
                organisation=organisation,
                name=data["name"],
                region=data["region"],
                website=data["website"],
                profile=form.profile_data(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("smes:detail", pk=organisation.pk)
    return render(request, "smes/edit.html", {"form": form, "organisation": organisation})


def _normalised(query) -> str:
    """The filters as a cache key: the same search however its parameters are ordered."""
    return "&".join(f"{name}={value}" for name in sorted(query) for value in query.getlist(name) if value)


@permission_required("smes.view_directory")
def directory(request):
    """Signed-in people: find SMEs by country, region, domain, size, NACE section or words."""
    filterset = SMEFilter(request.GET or None, queryset=selectors.directory())
    query = request.GET.copy()
    query.pop("page", None)
    if filterset.is_bound and not filterset.is_valid():
        listed = filterset.qs  # the form shows the errors; nothing worth keeping
    else:
        listed = results.Results(filterset.qs, _normalised(query), rows=selectors.directory())
    page = SimpleLazyObject(lambda: Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page")))
    shows_private = selectors.private_shown_to(request.user)
    # The list is kept for everyone who may see the same private figures (bsrstars.fragments):
    # the page and its rows are read only when it is not.
    context = {
        "filter": filterset,
        "page": page,
        "rows": SimpleLazyObject(lambda: [(org, shows_private(org.pk)) for org in page.object_list]),
        "query": query.urlencode(),
        "can_export": request.user.has_perm("smes.export_directory"),
        "eligible_classes": ELIGIBLE,
        "private_scope": selectors.private_scope(request.user),
    }
    return render(request, "smes/directory.html", context)


@permission_required("smes.export_directory")
def export(request, fmt):
    """Facilitators, regional authorities (their region's SMEs) and programme admins: the
    filtered directory at once, or (more than EXPORT_INLINE_ROWS rows, after a POST) in a worker."""
    return downloads.respond(request, kind=exports.DIRECTORY, fmt=fmt, params=exports.params_of(request))


@permission_required("smes.import_companies")
def import_upload(request):
    """Facilitators and programme admins: upload a file of companies; nothing is imported yet."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = importing.preview_import(uploaded=form.cleaned_data["file"], uploaded_by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("smes:import_preview", pk=batch.pk)
    return render(request, "smes/import_upload.html", {"form": form})


def _batch(request, pk, **kwargs):
    return get_object_or_404(CompanyImport, pk=pk)


def _own_batch(request, pk) -> CompanyImport:
    return own_batch(CompanyImport, pk, request.user)


@permission_required("smes.import_companies", fn=_batch)
def import_preview(request, pk):
    """Whoever uploaded the file (and programme admins): the row-by-row report."""
    batch = _own_batch(request, pk)
    job = importing.active_job(batch)
    context = {
        "batch": batch,
        "statuses": ImportStatus,
        "job": job,
        "progress": importing.progress_percent(job) if job else None,
        "failed_job": batch.jobs.filter(status=OutboxStatus.FAILED).first() if job is None else None,
        "report_page": Paginator(batch.report, 100).get_page(request.GET.get("page")),
    }
    return render(request, "smes/import_preview.html", context)


@require_POST
@permission_required("smes.import_companies", fn=_batch)
def import_confirm(request, pk):
    """Import every new company of the checked file, or none of them."""
    batch = _own_batch(request, pk)
    if importing.runs_in_background(batch):
        importing.request_import(batch=batch)
        messages.info(request, _("The import has started. This page shows how far it is."))
        return redirect("smes:import_preview", pk=batch.pk)
    try:
        batch = importing.commit_import(batch=batch)
    except importing.ImportRefused as exc:
        messages.error(request, _("Nothing was imported: the file has errors now. See the rows below."))
        return redirect("smes:import_preview", pk=exc.batch.pk)
    messages.success(request, _("%(n)s companies were imported.") % {"n": batch.new_count})
    return redirect(reverse("smes:directory") + "?ordering=-registered")


@permission_required("smes.import_companies")
def sample_file(request):
    """Facilitators and programme admins: the sample import file that documents the format."""
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "company_import_sample.csv"
    return FileResponse(open(path, "rb"), as_attachment=True, filename="company_import_sample.csv")  # noqa: SIM115 -- FileResponse closes it
