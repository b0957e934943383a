"""Reads shared by the brief pages, the API and the KPIs; each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from bsrstars.accounts.rules import is_partner, is_programme_admin, is_regional_authority

from .models import Brief, BriefVersion, Download, ReviewComment, VersionStatus

PUBLISHED = VersionStatus.PUBLISHED


def _latest_published():
    return Subquery(
        BriefVersion.objects.filter(brief=OuterRef("brief"), status=PUBLISHED).order_by("-number").values("number")[:1]
    )


def visible_versions(user):
    """Versions `user` may open: published ones for readers, in-review ones for reviewers, their
    own briefs' versions for authors, everything for programme admins."""
    qs = BriefVersion.objects.select_related("brief", "brief__author", "brief__organisation")
    if not user.is_authenticated:
        return qs.none()
    if is_programme_admin(user):
        return qs
    reader = is_partner(user) or is_regional_authority(user)
    condition = Q(brief__author=user)
    if reader:
        condition |= Q(status__in=[PUBLISHED, VersionStatus.IN_REVIEW])
    return qs.filter(condition)


def brief_rows(user) -> list[dict]:
    """One row per brief `user` can see: its latest visible version and its working version."""
    versions = (
        visible_versions(user)
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True)))
        .order_by("-brief__created_at", "-brief_id", "-number")
    )
    rows: dict[int, dict] = {}
    for version in versions:
        row = rows.setdefault(version.brief_id, {"brief": version.brief, "published": None, "working": None})
        if version.status == PUBLISHED and row["published"] is None:
            row["published"] = version
        elif version.status != PUBLISHED and row["working"] is None:
            row["working"] = version
    return list(rows.values())


def public_versions():
    """The latest published version of every brief, newest first, with its recommendations."""
    from .models import Recommendation

    return (
        BriefVersion.objects.filter(status=PUBLISHED, number=_latest_published())
        .select_related("brief", "brief__organisation")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "pk")))
        .order_by("-published_at", "-pk")
    )


def version_of(brief_id: int, number: int):
    return (
        BriefVersion.objects.select_related("brief", "brief__author", "brief__organisation")
        .prefetch_related("sections", "recommendations", "evidence_blocks", "regions", "domains")
        .filter(brief_id=brief_id, number=number)
        .first()
    )


def versions_of(brief: Brief):
    return (
        brief.versions.annotate(n_downloads=Count("downloads"))
        .prefetch_related("sections", "recommendations", "evidence_blocks")
        .order_by("-number")
    )


def changes(previous: BriefVersion | None, version: BriefVersion) -> list[str]:
    """What differs from the previous version, in a few words for readers (prefetched content)."""
    from django.utils.translation import gettext as _

    if previous is None:
        return []
    before = {s.heading: s.body for s in previous.sections.all()}
    after = {s.heading: s.body for s in version.sections.all()}
    notes = [_("Section “%(h)s” added") % {"h": h} for h in after if h not in before]
    notes += [_("Section “%(h)s” removed") % {"h": h} for h in before if h not in after]
    notes += [_("Section “%(h)s” changed") % {"h": h} for h in after if h in before and before[h] != after[h]]
    if version.title != previous.title or version.summary != previous.summary:
        notes.append(_("Title or summary changed"))

    def recs(v):
        return [(r.text, r.level, r.addressee) for r in v.recommendations.all()]

    if recs(version) != recs(previous):
        notes.append(_("Recommendations changed"))
    if [(b.kind, b.position) for b in version.evidence_blocks.all()] != [
        (b.kind, b.position) for b in previous.evidence_blocks.all()
    ]:
        notes.append(_("Evidence blocks changed"))
    return notes


def comments_of(version):
    return ReviewComment.objects.filter(version=version).select_related("author", "resolved_by", "section")


def downloads_by_organisation(brief: Brief) -> list[dict]:
    """[{organisation name, downloads}] for the author's page; unknown organisations together."""
    rows = (
        Download.objects.filter(version__brief=brief)
        .values("organisation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__name")
    )
    return [{"organisation": r["organisation__name"], "downloads": r["n"]} for r in rows]
