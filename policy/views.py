import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bsrstars.outbox.models import OutboxStatus
from bsrstars.permissions import permission_required

from . import evidence, forms, rendering, selectors, services
from .models import Brief, ReviewComment


def _version(request, pk, number, **kwargs):
    version = selectors.version_of(pk, number)
    if version is None:
        raise Http404
    return version


def _can(request, names, version) -> dict:
    """Which buttons to show. rules.has_perm, not user.has_perm: Django lets a superuser pass
    every check, which would offer steps the version's state does not allow."""
    return {name: rules.has_perm(f"policy.{name}", request.user, version) for name in names}


ACTIONS = ("change_version", "submit_version", "publish_version", "new_version", "render_version", "comment_version")


@permission_required("policy.view_brief_list")
def brief_list(request):
    """Partners, authorities and admins: the briefs they may see, with their state."""
    return render(
        request,
        "policy/list.html",
        {"rows": selectors.brief_rows(request.user), "can_add": request.user.has_perm("policy.add_brief")},
    )


def public_list(request):
    """Everyone, signed in or not: published briefs with their summary and recommendations.
    (A public page: no permission_required, like the privacy notice.)"""
    versions = list(selectors.public_versions())
    return render(request, "policy/public_list.html", {"versions": versions})


@permission_required("policy.add_brief")
def brief_create(request):
    """Partners and programme admins: a new brief (its first version is a draft)."""
    form = forms.BriefForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_public", None)
        try:
            version = services.create_brief(author=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The brief was created. Now write its sections."))
            return redirect("policy:edit", pk=version.brief_id, number=version.number)
    return render(request, "policy/create.html", {"form": form})


def _latest_visible(request, pk):
    return selectors.visible_versions(request.user).filter(brief_id=pk).order_by("-number").first()


@permission_required("policy.view_brief_list")
def brief_latest(request, pk):
    """The latest version of the brief the person may open."""
    version = _latest_visible(request, pk)
    if version is None:
        raise Http404
    return redirect("policy:detail", pk=pk, number=version.number)


@permission_required("policy.view_version", fn=_version)
def version_detail(request, pk, number):
    """Readers: the brief as HTML. A published version shows its frozen figures; a draft or a
    version in review shows the live evidence (the preview)."""
    version = _version(request, pk, number)
    snapshot = version.snapshot if version.is_published else evidence.collect(version)
    context = {
        "version": version,
        "brief": version.brief,
        "body": rendering.body_html(version, snapshot),
        "taken_at": version.snapshot_taken_at,
        "live": not version.is_published,
        "rendition": services.latest_done_rendition(version),
        "can": _can(request, ACTIONS, version),
        "can_download": request.user.has_perm("policy.download_version", version),
        "working": services.working_version(version.brief),
        "downloads": selectors.downloads_by_organisation(version.brief)
        if request.user.has_perm("policy.view_downloads", version)
        else None,
    }
    return render(request, "policy/detail.html", context)


@permission_required("policy.change_version", fn=_version)
def version_edit(request, pk, number):
    """The author (or an admin): title and scope, sections, recommendations and evidence blocks."""
    version = _version(request, pk, number)
    if version.is_published:  # a superuser passes the permission check; the version stays frozen
        messages.error(request, _("A published version cannot be changed; start a new version."))
        return redirect("policy:detail", pk=pk, number=number)
    data = request.POST or None
    form = forms.BriefForm(data, instance=version, initial={"is_public": version.brief.is_public}, prefix="brief")
    sections = forms.SectionFormSet(
        data, prefix="sections", initial=[{"heading": s.heading, "body": s.body} for s in version.sections.all()]
    )
    recommendations = forms.RecommendationFormSet(
        data,
        prefix="recommendations",
        initial=[{"text": r.text, "level": r.level, "addressee": r.addressee} for r in version.recommendations.all()],
    )
    blocks = forms.EvidenceFormSet(
        data,
        prefix="evidence",
        initial=[
            {"kind": b.kind, "position": b.position, "caption": b.caption, "indicator": b.params.get("indicator", "")}
            for b in version.evidence_blocks.all()
        ],
    )
    if request.method == "POST" and all(f.is_valid() for f in (form, sections, recommendations, blocks)):
        fields = {k: form.cleaned_data[k] for k in ("title", "summary", "language", "scope", "change_note")}
        try:
            services.update_version(
                version=version,
                regions=form.cleaned_data["regions"],
                domains=form.cleaned_data["domains"],
                is_public=form.cleaned_data["is_public"],
                **fields,
            )
            services.set_sections(version=version, sections=forms.rows(sections))
            services.set_recommendations(version=version, recommendations=forms.rows(recommendations))
            services.set_evidence(
                version=version,
                blocks=[forms.evidence_item(row) for row in forms.rows(blocks)],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The brief was saved."))
            return redirect("policy:detail", pk=pk, number=number)
    context = {
        "version": version,
        "form": form,
        "sections": sections,
        "recommendations": recommendations,
        "blocks": blocks,
    }
    return render(request, "policy/edit.html", context)


def _step(request, action, success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)


@require_POST
@permission_required("policy.submit_version", fn=_version)
def version_submit(request, pk, number):
    version = _version(request, pk, number)
    _step(
        request,
        lambda: services.submit_for_review(version=version, by=request.user),
        _("The brief was sent for review."),
    )
    return redirect("policy:detail", pk=pk, number=number)


@require_POST
@permission_required("policy.publish_version", fn=_version)
def version_publish(request, pk, number):
    version = _version(request, pk, number)
    _step(
        request,
        lambda: services.publish(version=version, by=request.user),
        _("The brief was published; its figures are frozen as of now and its PDF is being made."),
    )
    return redirect("policy:detail", pk=pk, number=number)


@require_POST
@permission_required("policy.new_version", fn=_version)
def version_new(request, pk, number):
    version = _version(request, pk, number)
    form = forms.NewVersionForm(request.POST)
    note = form.cleaned_data["change_note"] if form.is_valid() else ""
    try:
        new = services.start_new_version(version=version, by=request.user, change_note=note)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("policy:detail", pk=pk, number=number)
    messages.success(request, _("Version %(n)s was started from the published one.") % {"n": new.number})
    return redirect("policy:edit", pk=pk, number=new.number)


@permission_required("policy.view_version", fn=_version)
def version_review(request, pk, number):
    """Reviewers comment per section while the version is in review; the author resolves."""
    version = _version(request, pk, number)
    can_comment = request.user.has_perm("policy.comment_version", version)
    form = forms.CommentForm(request.POST or None)
    if request.method == "POST":
        if not can_comment:
            raise PermissionDenied
        section = version.sections.filter(pk=request.POST.get("section") or None).first()
        if form.is_valid():
            try:
                services.add_comment(
                    version=version, author=request.user, text=form.cleaned_data["text"], section=section
                )
            except ValidationError as exc:
                for text in exc.messages:
                    messages.error(request, text)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect("policy:review", pk=pk, number=number)
    comments = list(selectors.comments_of(version))
    by_section = [(section, [c for c in comments if c.section_id == section.pk]) for section in version.sections.all()]
    for comment in comments:
        comment.can_resolve = comment.is_open and request.user.has_perm("policy.resolve_comment", comment)
    context = {
        "version": version,
        "by_section": by_section,
        "general": [c for c in comments if c.section_id is None],
        "can_comment": can_comment,
        "form": form,
        "open_count": sum(c.is_open for c in comments),
    }
    return render(request, "policy/review.html", context)


def _comment(request, pk, comment_pk, **kwargs):
    return get_object_or_404(
        ReviewComment.objects.select_related("version__brief"), pk=comment_pk, version__brief_id=pk
    )


@require_POST
@permission_required("policy.resolve_comment", fn=_comment)
def comment_resolve(request, pk, comment_pk):
    comment = _comment(request, pk, comment_pk)
    services.resolve_comment(comment=comment, by=request.user)
    messages.success(request, _("The comment is resolved."))
    return redirect("policy:review", pk=pk, number=comment.version.number)


def _brief(request, pk, **kwargs):
    """The latest version the person may see (None: they see no version, so 403)."""
    return _latest_visible(request, pk)


@permission_required("policy.view_version", fn=_brief)
def version_list(request, pk):
    """Readers: every version they may see, with what changed and when its figures are from."""
    brief = get_object_or_404(Brief, pk=pk)
    every = list(selectors.versions_of(brief))  # newest first
    for version, previous in zip(every, [*every[1:], None], strict=True):
        version.changes = selectors.changes(previous, version)
    versions = [v for v in every if request.user.has_perm("policy.view_version", v)]
    return render(request, "policy/versions.html", {"brief": brief, "versions": versions})


def _renditions_context(request, version):
    renditions = list(version.renditions.select_related("requested_by")[:10])
    return {
        "version": version,
        "renditions": renditions,
        "busy": any(r.status in (OutboxStatus.PENDING, OutboxStatus.RUNNING) for r in renditions),
        "can_download": request.user.has_perm("policy.download_version", version),
    }


@permission_required("policy.render_version", fn=_version)
def renditions(request, pk, number):
    """The author: make the PDF, follow its progress (htmx polls the status part), retry a
    failed one. POST returns at once: the rendering runs in the worker."""
    version = _version(request, pk, number)
    if request.method == "POST":
        services.request_rendering(version=version, by=request.user)
        messages.info(request, _("The PDF is being made; this page shows when it is ready."))
        return redirect("policy:renditions", pk=pk, number=number)
    return render(request, "policy/renditions.html", _renditions_context(request, version))


@permission_required("policy.render_version", fn=_version)
def renditions_status(request, pk, number):
    """The part of the renditions page htmx reloads while a rendering is under way."""
    version = _version(request, pk, number)
    return render(request, "policy/_renditions_status.html", _renditions_context(request, version))


@require_GET
def download(request, pk, number):
    """The PDF of a version, checked on every request: published briefs for partners,
    authorities and admins (anyone if the brief is public), drafts for their author. Files are
    never served from a public media URL. GET only: each download is counted, and no other
    method (a POST, a HEAD from a link checker) should add to the count."""
    version = _version(request, pk, number)
    if not request.user.has_perm("policy.download_version", version):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    rendition_pk = request.GET.get("rendition")
    queryset = version.renditions.filter(status=OutboxStatus.DONE).exclude(file="")
    rendition = queryset.filter(pk=rendition_pk).first() if rendition_pk else queryset.first()
    if rendition is None:
        raise Http404(_("No PDF has been made for this version yet."))
    services.record_download(version=version, user=request.user)
    response = FileResponse(
        rendition.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"policy-brief-{version.brief_id}-v{version.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
