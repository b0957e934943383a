"""Reads shared by coaching's pages, API, export and KPIs. Each fetches related rows up front so
a page's query count does not grow with its rows. Private coach notes leave the database only
for the coach who wrote them (`sessions_for`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from regions.models import S3Domain

from . import matching
from .models import (
    COUNTING_STATUSES,
    LANGUAGE_LABELS,
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CoachingSession,
    CoachProfile,
    SessionStatus,
)


def calls() -> QuerySet[Call]:
    return Call.objects.prefetch_related(Prefetch("target_domains", queryset=S3Domain.objects.order_by("code")))


def open_calls(now=None) -> QuerySet[Call]:
    now = now or timezone.now()
    return calls().filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "pk")


def closed_calls(now=None) -> QuerySet[Call]:
    return calls().filter(closes_at__lte=now or timezone.now()).order_by("-closes_at", "pk")


def upcoming_calls(now=None) -> QuerySet[Call]:
    return calls().filter(opens_at__gt=now or timezone.now()).order_by("opens_at", "pk")


def _applications() -> QuerySet[Application]:
    domains = S3Domain.objects.order_by("code")
    return Application.objects.select_related(
        "call", "organisation__region", "assignment__coach__user"
    ).prefetch_related(Prefetch("domains", queryset=domains))


def applications_of(user) -> QuerySet[Application]:
    """Applications of the companies `user` belongs to."""
    if not user.is_authenticated:
        return Application.objects.none()
    return _applications().filter(organisation__memberships__user=user).order_by("-created_at", "-pk")


def applications_for_review() -> QuerySet[Application]:
    """Every submitted application (drafts are the company's own), for reviewers."""
    return _applications().exclude(status=ApplicationStatus.DRAFT).order_by("call__opens_at", "submitted_at", "pk")


def application_detail(pk: int) -> Application:
    return _applications().prefetch_related("target_regions", "status_changes__actor").get(pk=pk)


EXPORT_CHUNK = 1000


def review_export_rows(applications) -> Iterator[dict]:
    """One row per application for the reviewers' download. Never includes session notes.
    Streamed in chunks (the applications' domains and assignments fetched per chunk), so the
    worker's memory stays flat however many applications there are."""
    for a in applications.iterator(chunk_size=EXPORT_CHUNK):
        assignment = getattr(a, "assignment", None)
        yield {
            "id": a.pk,
            "call": a.call.title,
            "company": a.organisation.name,
            "country": str(a.organisation.country),
            "region": a.organisation.region.code if a.organisation.region_id else "",
            "status": a.status,
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else "",
            "domains": ";".join(d.code for d in a.domains.all()),
            "languages": ";".join(a.languages),
            "challenge": a.challenge,
            "expertise_wanted": a.expertise_wanted,
            **{name: getattr(a, name) for name, _label in _needs()},
            "coach": assignment.coach.user.get_full_name() if assignment else "",
            "transnational": assignment.transnational if assignment else "",
        }


def _needs():
    from .models import NEEDS

    return NEEDS


# --- coaches ---------------------------------------------------------------------------------


def coach_pool() -> QuerySet[CoachProfile]:
    open_assignments = Q(assignments__closed_at__isnull=True)
    return (
        CoachProfile.objects.select_related("user")
        .prefetch_related(Prefetch("domains", queryset=S3Domain.objects.order_by("code")))
        .annotate(
            open_count=Count("assignments", filter=open_assignments, distinct=True),
            committed_minutes=Sum("assignments__allowance_minutes", filter=open_assignments),
        )
        .order_by("user__full_name", "pk")
    )


def coach_facts(coach: CoachProfile) -> matching.CoachFacts:
    capacity = coach.capacity_hours * 60
    return matching.CoachFacts(
        key=coach.pk,
        name=coach.user.get_full_name(),
        country=str(coach.country),
        languages=frozenset(coach.languages),
        domains=frozenset(d.code for d in coach.domains.all()),
        free_smes=coach.capacity_smes - (coach.open_count or 0),
        free_minutes=capacity - (coach.committed_minutes or 0),
        capacity_minutes=capacity,
    )


def suggestions(application: Application) -> list[tuple[CoachProfile, matching.Suggestion]]:
    """Ranked coaches for an application, with the reasons. Three queries whatever the pool."""
    coaches = {
        c.pk: c
        for c in coach_pool()
        .filter(is_active=True)
        .exclude(user__memberships__organisation=application.organisation_id)
    }
    need = matching.Need(
        country=str(application.organisation.country),
        languages=frozenset(application.languages),
        domains=frozenset(d.code for d in application.domains.all()),
        minutes=application.call.hours_allowance * 60,
    )
    ranked = matching.rank(
        [coach_facts(c) for c in coaches.values()],
        need,
        language_name=lambda code: str(LANGUAGE_LABELS.get(code, code)),
    )
    return [(coaches[s.coach.key], s) for s in ranked]


# --- assignments, sessions, ledger -----------------------------------------------------------


def assignments() -> QuerySet[Assignment]:
    return Assignment.objects.select_related(
        "coach__user", "application__organisation__region", "application__call"
    ).annotate(
        used_minutes=Sum("sessions__duration_minutes", filter=Q(sessions__status__in=COUNTING_STATUSES)),
        confirmed_minutes=Sum("sessions__duration_minutes", filter=Q(sessions__status=SessionStatus.CONFIRMED)),
    )


def assignments_of_coach(user) -> QuerySet[Assignment]:
    return assignments().filter(coach__user=user).order_by("closed_at", "-assigned_at", "pk")


def assignment_detail(pk: int) -> Assignment:
    return assignments().get(pk=pk)


def sessions_for(assignment: Assignment, user) -> list[CoachingSession]:
    """The assignment's sessions; private notes only for the coach who wrote them, and not even
    loaded from the database for anyone else."""
    rows = list(CoachingSession.objects.filter(assignment=assignment).defer("private_notes").order_by("-start", "-pk"))
    if any(s.coach_id == user.pk for s in rows):
        notes = dict(
            CoachingSession.objects.filter(assignment=assignment, coach=user).values_list("pk", "private_notes")
        )
    else:
        notes = {}
    for session in rows:
        session.private_notes = notes.get(session.pk, "")
        session.notes_visible = session.pk in notes
    return rows


@dataclass
class Ledger:
    allowance: int
    confirmed: int
    pending: int
    disputed: int

    @property
    def used(self) -> int:
        return self.confirmed + self.pending

    @property
    def left(self) -> int:
        return max(self.allowance - self.used, 0)


def ledger(assignment: Assignment) -> Ledger:
    sums = dict(
        CoachingSession.objects.filter(assignment=assignment)
        .values_list("status")
        .annotate(m=Sum("duration_minutes"))
        .values_list("status", "m")
    )
    return Ledger(
        allowance=assignment.allowance_minutes,
        confirmed=sums.get(SessionStatus.CONFIRMED, 0) or 0,
        pending=sums.get(SessionStatus.LOGGED, 0) or 0,
        disputed=sums.get(SessionStatus.DISPUTED, 0) or 0,
    )


def plan(assignment: Assignment):
    from .models import Goal, PlanTask

    goals = list(Goal.objects.filter(assignment=assignment))
    tasks = list(
        PlanTask.objects.filter(assignment=assignment)
        .select_related("goal")
        .prefetch_related("comments__author")
        .order_by("due_date", "pk")
    )
    return goals, tasks


def company_coaching(organisation) -> list[Application]:
    """A company's applications with status, coach, hours and outcomes (for its page)."""
    return list(
        _applications()
        .filter(organisation=organisation)
        .exclude(status=ApplicationStatus.DRAFT)
        .annotate(
            used_minutes=Sum(
                "assignment__sessions__duration_minutes",
                filter=Q(assignment__sessions__status=SessionStatus.CONFIRMED),
            )
        )
        .prefetch_related("assignment__outcomes")
        .order_by("-created_at", "pk")
    )


# --- overview --------------------------------------------------------------------------------


def funnel() -> list[Call]:
    """Every call with its funnel (applied → accepted → assigned → completed) and hours, in two
    queries."""
    applied = Q(applications__submitted_at__isnull=False)
    rows = list(
        Call.objects.annotate(
            applied=Count("applications", filter=applied, distinct=True),
            accepted=Count(
                "applications",
                filter=Q(applications__status=ApplicationStatus.ACCEPTED) | Q(applications__assignment__isnull=False),
                distinct=True,
            ),
            assigned=Count("applications__assignment", distinct=True),
            completed=Count(
                "applications__assignment", filter=Q(applications__assignment__closed_at__isnull=False), distinct=True
            ),
        ).order_by("-opens_at", "pk")
    )
    minutes = dict(
        CoachingSession.objects.filter(status=SessionStatus.CONFIRMED)
        .values_list("assignment__application__call")
        .annotate(m=Sum("duration_minutes"))
        .values_list("assignment__application__call", "m")
    )
    for call in rows:
        call.hours_delivered = round((minutes.get(call.pk) or 0) / 60, 1)
    return rows
