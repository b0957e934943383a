"""What coaching puts on a person's home. For a company: sessions to confirm, draft applications
to finish before the call closes, follow-up requests to answer, its open plan tasks. For a coach:
disputed sessions and their open assignments. For reviewers (facilitators, admins): applications
waiting for a decision and disputes to resolve. Grouped counts: a fixed number of queries."""

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home
from bsrstars.accounts.rules import organisation_ids

from .models import Application, ApplicationStatus, Assignment, CoachingSession, FollowUp, PlanTask, SessionStatus
from .rules import is_coach, is_reviewer  # noqa: F401 -- is_coach re-exported from accounts.rules

SHOWN = 8


def _company_items(orgs, now) -> list[home.Item]:
    items = []
    sessions = (
        CoachingSession.objects.filter(assignment__application__organisation_id__in=orgs, status=SessionStatus.LOGGED)
        .values("assignment_id")
        .annotate(n=Count("pk"))
        .order_by("assignment_id")
    )
    for row in sessions:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext("%(n)d coaching session to confirm", "%(n)d coaching sessions to confirm", row["n"])
                % {"n": row["n"]},
                count=row["n"],
                url=reverse("coaching:sessions", kwargs={"pk": row["assignment_id"]}),
                detail=_("Your coach logged them; confirm or dispute the hours."),
            )
        )
    drafts = Application.objects.filter(
        organisation_id__in=orgs, status=ApplicationStatus.DRAFT, call__closes_at__gt=now
    ).select_related("call")[:SHOWN]
    for application in drafts:
        items.append(
            home.Item(
                kind=home.TASK,
                title=_("Finish and submit your application: %(call)s") % {"call": application.call.title},
                count=1,
                deadline=application.call.closes_at,
                url=reverse("coaching:application", kwargs={"pk": application.pk}),
            )
        )
    for follow_up in FollowUp.objects.filter(
        assignment__application__organisation_id__in=orgs, answered_at__isnull=True
    ).order_by("created_at")[:SHOWN]:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext(
                    "Coaching follow-up (%(n)d month after closing)",
                    "Coaching follow-up (%(n)d months after closing)",
                    follow_up.months,
                )
                % {"n": follow_up.months},
                count=1,
                url=reverse("coaching:follow_up", kwargs={"pk": follow_up.pk}),
                detail=_("Tell the programme what has changed since the coaching ended."),
            )
        )
    tasks = (
        PlanTask.objects.filter(
            assignment__application__organisation_id__in=orgs,
            assignment__closed_at__isnull=True,
            owner="sme",
        )
        .exclude(status="done")
        .values("assignment_id")
        .annotate(n=Count("pk"), due=Min("due_date"))
        .order_by("assignment_id")
    )
    for row in tasks:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext(
                    "%(n)d action-plan task for your company", "%(n)d action-plan tasks for your company", row["n"]
                )
                % {"n": row["n"]},
                count=row["n"],
                deadline=row["due"],
                url=reverse("coaching:plan", kwargs={"pk": row["assignment_id"]}),
            )
        )
    return items


def _coach_items(user) -> list[home.Item]:
    """Each open coaching: the company, hours used of the allowance, disputes; and the coach's
    own action-plan tasks. Two queries (annotated rows, sliced)."""
    used = Sum(
        "sessions__duration_minutes", filter=Q(sessions__status__in=[SessionStatus.LOGGED, SessionStatus.CONFIRMED])
    )
    assignments = (
        Assignment.objects.filter(coach__user=user, closed_at__isnull=True)
        .select_related("application__organisation")
        .annotate(used=Coalesce(used, 0), disputed=Count("sessions", filter=Q(sessions__status=SessionStatus.DISPUTED)))
        .order_by("-assigned_at", "-pk")[:SHOWN]
    )
    items = []
    for assignment in assignments:
        badges = [
            home.Badge(
                _("%(used)s of %(allowance)s h used")
                % {"used": round(assignment.used / 60, 1), "allowance": round(assignment.allowance_minutes / 60, 1)},
                home.WARN if assignment.used >= assignment.allowance_minutes else home.NEUTRAL,
            )
        ]
        if assignment.disputed:
            badges.append(
                home.Badge(
                    ngettext("%(n)d session disputed", "%(n)d sessions disputed", assignment.disputed)
                    % {"n": assignment.disputed},
                    home.ALERT,
                )
            )
        items.append(
            home.Item(
                kind=home.STATUS,
                title=assignment.application.organisation.name,
                url=reverse("coaching:plan", kwargs={"pk": assignment.pk}),
                badges=tuple(badges),
                links=((_("Sessions"), reverse("coaching:sessions", kwargs={"pk": assignment.pk})),),
                group=_("Companies you coach"),
            )
        )
    tasks = (
        PlanTask.objects.filter(assignment__coach__user=user, assignment__closed_at__isnull=True, owner="coach")
        .exclude(status="done")
        .values("assignment_id", "assignment__application__organisation__name")
        .annotate(n=Count("pk"), due=Min("due_date"))
        .order_by("assignment_id")
    )
    for row in tasks:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext(
                    "%(n)d action-plan task of yours for %(company)s",
                    "%(n)d action-plan tasks of yours for %(company)s",
                    row["n"],
                )
                % {"n": row["n"], "company": row["assignment__application__organisation__name"]},
                count=row["n"],
                deadline=row["due"],
                url=reverse("coaching:plan", kwargs={"pk": row["assignment_id"]}),
            )
        )
    return items


def _reviewer_items() -> list[home.Item]:
    counts = Application.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING])),
        since=Min("submitted_at", filter=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING])),
    )
    disputes = CoachingSession.objects.filter(status=SessionStatus.DISPUTED).count()
    items = []
    if counts["waiting"]:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext(
                    "%(n)d coaching application to decide", "%(n)d coaching applications to decide", counts["waiting"]
                )
                % {"n": counts["waiting"]},
                count=counts["waiting"],
                url=reverse("coaching:review"),
                detail=_("The oldest was submitted on %(day)s.") % {"day": home.local_day(counts["since"])},
            )
        )
    if disputes:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext("%(n)d disputed coaching session", "%(n)d disputed coaching sessions", disputes)
                % {"n": disputes},
                count=disputes,
                url=reverse("coaching:review"),
            )
        )
    return items


def home_items(user) -> list[home.Item]:
    now = timezone.now()
    items = []
    orgs = organisation_ids(user)
    if orgs:
        items += _company_items(orgs, now)
    if is_coach(user):
        items += _coach_items(user)
    if is_reviewer(user):
        items += _reviewer_items()
    return items
