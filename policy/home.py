"""What policy briefs put on a person's home. Reviewers (partners, authorities, admins): versions
in review to comment on. Authors: open comments on their briefs, drafts to finish. Two queries."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home

from .models import BriefVersion
from .rules import is_reviewer

SHOWN = 8


def _in_review(user) -> list[home.Item]:
    versions = (
        BriefVersion.objects.filter(status="in_review")
        .exclude(brief__author=user)
        .select_related("brief")
        .order_by("submitted_at", "pk")[:SHOWN]
    )
    return [
        home.Item(
            kind=home.TASK,
            title=_("Policy brief to review: %(title)s") % {"title": version.title},
            count=1,
            url=reverse("policy:review", kwargs={"pk": version.brief_id, "number": version.number}),
            detail=_("Comment while it is in review; the author publishes once every comment is resolved."),
        )
        for version in versions
    ]


def _authored(user) -> list[home.Item]:
    versions = (
        BriefVersion.objects.filter(brief__author=user)
        .exclude(status="published")
        .annotate(open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True)))
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    items = []
    for version in versions:
        if version.status == "in_review" and version.open_comments:
            title = ngettext(
                "%(n)d open review comment on %(title)s",
                "%(n)d open review comments on %(title)s",
                version.open_comments,
            ) % {"n": version.open_comments, "title": version.title}
        elif version.status == "in_review":
            title = _("Ready to publish: %(title)s") % {"title": version.title}
        else:
            title = _("Draft policy brief to finish: %(title)s") % {"title": version.title}
        items.append(
            home.Item(
                kind=home.TASK,
                title=title,
                count=version.open_comments or 1,
                url=reverse("policy:detail", kwargs={"pk": version.brief_id, "number": version.number}),
            )
        )
    return items


def home_items(user) -> list[home.Item]:
    items = []
    if is_reviewer(user):
        items += _in_review(user)
    items += _authored(user)
    return items
