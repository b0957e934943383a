"""Every write on policy briefs: authoring, review, publishing, versions, renditions, downloads.

A published version is immutable (services refuse, and the content models refuse to save);
editing a published brief starts a new version. Renditions are outbox rows: written first,
enqueued on commit, built by the task (idempotent through the claim), swept if forgotten.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.notifications.services import notify
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus

from . import evidence
from .models import (
    MAX_EVIDENCE_BLOCKS,
    MAX_RECOMMENDATIONS,
    MAX_SECTION_CHARS,
    MAX_SECTIONS,
    Brief,
    BriefVersion,
    Download,
    EvidenceBlock,
    EvidenceKind,
    Level,
    Recommendation,
    Rendition,
    ReviewComment,
    Section,
    VersionStatus,
)

VERSION_FIELDS = ("title", "summary", "language", "scope", "change_note")


def _editable(version: BriefVersion) -> None:
    if version.status == VersionStatus.PUBLISHED:
        raise ValidationError(_("A published version cannot be changed; start a new version."), code="published")


def _organisation_of(user):
    membership = user.memberships.select_related("organisation").order_by("pk").first() if user else None
    return membership.organisation if membership else None


def _set_fields(version: BriefVersion, fields: dict) -> None:
    for name, value in fields.items():
        if name not in VERSION_FIELDS:
            raise ValidationError(_("Unknown field %(name)s.") % {"name": name})
        setattr(version, name, value)
    if not (version.title or "").strip():
        raise ValidationError(_("A brief needs a title."), code="title")
    version.full_clean(exclude=["brief", "created_by"])


@transaction.atomic
def create_brief(*, author, regions=(), domains=(), **fields) -> BriefVersion:
    """A new brief with its first version, a draft by `author`."""
    brief = Brief.objects.create(author=author, organisation=_organisation_of(author))
    version = BriefVersion(brief=brief, number=1, created_by=author)
    _set_fields(version, fields)
    version.save()
    version.regions.set(regions)
    version.domains.set(domains)
    return version


@transaction.atomic
def update_version(*, version: BriefVersion, regions=None, domains=None, is_public=None, **fields) -> BriefVersion:
    _editable(version)
    _set_fields(version, fields)
    version.save()
    if regions is not None:
        version.regions.set(regions)
    if domains is not None:
        version.domains.set(domains)
    if is_public is not None and version.brief.is_public != is_public:
        version.brief.is_public = is_public
        version.brief.save(update_fields=["is_public"])
    return version


@transaction.atomic
def set_sections(*, version: BriefVersion, sections: list[dict]) -> list[Section]:
    """Replace the version's sections with [{heading, body}] in order. Comments on a section whose
    heading survives stay with it."""
    _editable(version)
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(_("A brief has at most %(n)s sections.") % {"n": MAX_SECTIONS}, code="too_many")
    for item in sections:
        if not (item.get("heading") or "").strip():
            raise ValidationError(_("Every section needs a heading."), code="heading")
        if len(item.get("body") or "") > MAX_SECTION_CHARS:
            raise ValidationError(
                _("A section has at most %(n)s characters.") % {"n": MAX_SECTION_CHARS}, code="too_long"
            )
    existing = {s.heading: s for s in version.sections.all()}
    keep = []
    for position, item in enumerate(sections, start=1):
        section = existing.pop(item["heading"].strip(), None) or Section(version=version)
        section.heading, section.body, section.position = item["heading"].strip(), item.get("body") or "", position
        section.save()
        keep.append(section)
    for gone in existing.values():
        gone.delete()
    return keep


@transaction.atomic
def set_recommendations(*, version: BriefVersion, recommendations: list[dict]) -> list[Recommendation]:
    _editable(version)
    if len(recommendations) > MAX_RECOMMENDATIONS:
        raise ValidationError(
            _("A brief has at most %(n)s recommendations.") % {"n": MAX_RECOMMENDATIONS}, code="too_many"
        )
    for item in recommendations:
        if item.get("level") not in Level.values or not (item.get("text") or "").strip():
            raise ValidationError(_("Every recommendation needs a text and a level."), code="recommendation")
    version.recommendations.all().delete()
    return [
        Recommendation.objects.create(
            version=version,
            position=position,
            text=item["text"].strip(),
            level=item["level"],
            addressee=(item.get("addressee") or "").strip(),
        )
        for position, item in enumerate(recommendations, start=1)
    ]


@transaction.atomic
def set_evidence(*, version: BriefVersion, blocks: list[dict]) -> list[EvidenceBlock]:
    """[{kind, position (after which section, 0 = before the first), caption, params}]."""
    _editable(version)
    if len(blocks) > MAX_EVIDENCE_BLOCKS:
        raise ValidationError(
            _("A brief has at most %(n)s evidence blocks.") % {"n": MAX_EVIDENCE_BLOCKS}, code="too_many"
        )
    for item in blocks:
        if item.get("kind") not in EvidenceKind.values:
            raise ValidationError(
                _("Unknown evidence block %(kind)s.") % {"kind": item.get("kind")}, code="unknown_evidence"
            )
        if not isinstance(item.get("params") or {}, dict):
            raise ValidationError(_("Evidence settings must be a mapping."), code="params")
    version.evidence_blocks.all().delete()
    return [
        EvidenceBlock.objects.create(
            version=version,
            kind=item["kind"],
            position=max(int(item.get("position") or 0), 0),
            caption=(item.get("caption") or "")[:200],
            params=item.get("params") or {},
        )
        for item in blocks
    ]


def _check_not_empty(version: BriefVersion) -> None:
    if not any(s.body.strip() for s in version.sections.all()):
        raise ValidationError(_("Write at least one section with text first."), code="empty")


def _reviewers(version):
    from django.contrib.auth import get_user_model

    from bsrstars.accounts import roles

    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__code__in=[roles.PARTNER, roles.PROGRAMME_ADMIN])
        .exclude(pk=version.brief.author_id)
        .distinct()
    )


def _url(name, version) -> str:
    return reverse(name, args=[version.brief_id, version.number])


@transaction.atomic
def submit_for_review(*, version: BriefVersion, by) -> BriefVersion:
    """Draft → in review. Side effect: partners and programme admins are told."""
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."), code="status")
    _check_not_empty(version)
    version.status, version.submitted_at = VersionStatus.IN_REVIEW, timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    for reviewer in _reviewers(version):
        notify(
            recipient=reviewer,
            kind="policy_review",
            payload={"title": version.title, "author": str(by)},
            url=_url("policy:review", version),
        )
    return version


@transaction.atomic
def back_to_draft(*, version: BriefVersion, by) -> BriefVersion:
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(_("Only a version in review can go back to draft."), code="status")
    version.status = VersionStatus.DRAFT
    version.save(update_fields=["status"])
    return version


@transaction.atomic
def add_comment(*, version: BriefVersion, author, text: str, section: Section | None = None) -> ReviewComment:
    """Side effect: the brief's author is told (unless they wrote the comment)."""
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(_("Comments are taken while a version is in review."), code="status")
    if section is not None and section.version_id != version.pk:
        raise ValidationError(_("That section belongs to another version."), code="section")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment first."), code="empty")
    comment = ReviewComment.objects.create(version=version, section=section, author=author, text=text[:4000])
    if version.brief.author_id != author.pk:
        notify(
            recipient=version.brief.author,
            kind="policy_comment",
            payload={"title": version.title, "reviewer": str(author), "section": section.heading if section else ""},
            url=_url("policy:review", version),
        )
    return comment


@transaction.atomic
def resolve_comment(*, comment: ReviewComment, by) -> ReviewComment:
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), by
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def publish(*, version: BriefVersion, by) -> BriefVersion:
    """In review → published: the evidence is computed now and frozen with its date, and the PDF
    is rendered from that snapshot (a rendition row, enqueued on commit). Side effect: the
    reviewers who commented are told."""
    version = BriefVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(_("Only a version in review can be published."), code="status")
    _check_not_empty(version)
    if version.comments.filter(resolved_at__isnull=True).exists():
        raise ValidationError(_("Resolve the open review comments first."), code="open_comments")
    try:
        snapshot = evidence.collect(version, strict=True)
    except Exception as exc:
        raise ValidationError(
            _("The evidence could not be computed (%(error)s); nothing was published.") % {"error": exc},
            code="evidence",
        ) from exc
    now = timezone.now()
    version.snapshot, version.snapshot_taken_at = snapshot, now
    version.status, version.published_at = VersionStatus.PUBLISHED, now
    version.save(update_fields=["snapshot", "snapshot_taken_at", "status", "published_at"])
    _create_rendition(version, by)
    commenters = {c.author for c in version.comments.select_related("author") if c.author_id != by.pk}
    for person in commenters | ({version.brief.author} if version.brief.author_id != by.pk else set()):
        notify(
            recipient=person,
            kind="policy_published",
            payload={"title": version.title},
            url=_url("policy:detail", version),
        )
    return version


@transaction.atomic
def start_new_version(*, version: BriefVersion, by, change_note: str = "") -> BriefVersion:
    """A draft copy of a published version (its text, recommendations and evidence choices)."""
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("New versions start from a published one."), code="status")
    brief = Brief.objects.select_for_update().get(pk=version.brief_id)
    if brief.versions.exclude(status=VersionStatus.PUBLISHED).exists():
        raise ValidationError(_("This brief already has a version being written."), code="working")
    number = (brief.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    new = BriefVersion.objects.create(
        brief=brief,
        number=number,
        created_by=by,
        change_note=change_note[:500],
        **{f: getattr(version, f) for f in ("title", "summary", "language", "scope")},
    )
    new.regions.set(version.regions.all())
    new.domains.set(version.domains.all())
    Section.objects.bulk_create(
        Section(version=new, position=s.position, heading=s.heading, body=s.body) for s in version.sections.all()
    )
    Recommendation.objects.bulk_create(
        Recommendation(version=new, position=r.position, text=r.text, level=r.level, addressee=r.addressee)
        for r in version.recommendations.all()
    )
    EvidenceBlock.objects.bulk_create(
        EvidenceBlock(version=new, position=b.position, kind=b.kind, caption=b.caption, params=b.params)
        for b in version.evidence_blocks.all()
    )
    return new


def _create_rendition(version, by) -> Rendition:
    rendition = Rendition.objects.create(version=version, requested_by=by)
    outbox.enqueue_on_commit(rendition)
    return rendition


@transaction.atomic
def request_rendering(*, version: BriefVersion, by) -> Rendition:
    """A rendition row (pending), enqueued after commit. A rendering already waiting or running
    for the version is returned instead of starting another."""
    BriefVersion.objects.select_for_update().filter(pk=version.pk).first()
    busy = version.renditions.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.RUNNING]).first()
    return busy or _create_rendition(version, by)


def render_rendition(*, rendition_id: int) -> str:
    """The task's work: claim the row, build HTML and PDF, store both. Idempotent by the claim; a
    failure marks the rendition failed with its reason and leaves the brief as it was."""
    from bsrstars.pdf import portal_url_fetcher, render_document

    from . import rendering

    rendition = outbox.claim(Rendition, rendition_id)
    if rendition is None:
        return "skipped"
    started = time.perf_counter()
    try:
        version = (
            BriefVersion.objects.select_related("brief")
            .prefetch_related("sections", "recommendations", "regions", "domains", "evidence_blocks")
            .get(pk=rendition.version_id)
        )
        snapshot = version.snapshot if version.is_published else evidence.collect(version, strict=True)
        html = rendering.print_html(version, snapshot)
        pdf, pages = render_document(html, fetcher=portal_url_fetcher())
    except Exception as exc:  # noqa: BLE001 -- any failure is recorded on the row for the author to see
        outbox.fail(rendition, error=f"{type(exc).__name__}: {exc}")
        _tell_requester(rendition, failed=True)
        return rendition.status
    rendition.html, rendition.snapshot, rendition.pages = html, snapshot, pages
    rendition.snapshot_taken_at = snapshot.get("taken_at")
    rendition.seconds = round(time.perf_counter() - started, 3)
    rendition.file.save(f"brief-{version.brief_id}-v{version.number}.pdf", ContentFile(pdf), save=False)
    rendition.save(update_fields=["html", "snapshot", "snapshot_taken_at", "pages", "seconds", "file"])
    outbox.finish(rendition)
    _tell_requester(rendition, failed=False)
    return rendition.status


def _tell_requester(rendition: Rendition, *, failed: bool) -> None:
    if rendition.requested_by_id is None:
        return
    version = rendition.version
    notify(
        recipient=rendition.requested_by,
        kind="policy_rendered",
        payload={"title": version.title, "number": version.number, "failed": failed},
        url=_url("policy:renditions", version),
        email=False,
    )


def latest_done_rendition(version: BriefVersion) -> Rendition | None:
    return version.renditions.filter(status=OutboxStatus.DONE).exclude(file="").first()


@transaction.atomic
def record_download(*, version: BriefVersion, user) -> Download:
    person = user if getattr(user, "is_authenticated", False) else None
    return Download.objects.create(version=version, user=person, organisation=_organisation_of(person))


def working_version(brief: Brief) -> BriefVersion | None:
    return brief.versions.filter(~Q(status=VersionStatus.PUBLISHED)).first()
