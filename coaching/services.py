"""Writes for coaching: every workflow step, one transaction each, raising CoachingError (a
ValidationError, with field names where a form field is at fault) on bad input.

Limits hold under concurrency: accepting locks the call row before counting places; logging or
re-counting a session locks the assignment row before adding up the ledger; assigning locks the
coach's profile before counting their capacity (select_for_update; SQLite serialises writers).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.accounts.models import Membership, Organisation
from bsrstars.notifications.services import notify
from smes.services import is_eligible_sme

from .models import (
    COUNTING_STATUSES,
    NEEDS,
    AllowanceRaise,
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CoachingSession,
    CoachProfile,
    Feedback,
    FollowUp,
    Goal,
    Outcome,
    OutcomeKind,
    PlanTask,
    RegionPlaces,
    SessionStatus,
    StatusChange,
    TaskComment,
    zone_of_country,
)

BSR_COUNTRIES = frozenset({"SE", "DK", "FI", "LT", "NO", "EE", "LV", "PL", "DE", "IS"})
# Statuses that hold one of the call's places.
HOLDS_PLACE = (ApplicationStatus.ACCEPTED,)
# Review transitions: from → the statuses a reviewer may move it to.
TRANSITIONS = {
    ApplicationStatus.SUBMITTED: {ApplicationStatus.SCREENING, ApplicationStatus.REJECTED},
    ApplicationStatus.SCREENING: {ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED},
    ApplicationStatus.WAITLISTED: {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED},
}
APPLICATION_FIELDS = ["challenge", "target_countries", "expertise_wanted", "languages", *[n for n, _l in NEEDS]]


class CoachingError(ValidationError):
    """A rule of coaching was broken; the message is meant for the person."""


# --- calls -----------------------------------------------------------------------------------


@transaction.atomic
def open_call(
    *,
    by,
    title: str,
    description: str,
    timezone_name: str,
    opens_at: datetime,
    closes_at: datetime,
    places: int,
    hours_allowance: int,
    target_domains=(),
    region_places: dict | None = None,
) -> Call:
    """Open a call (it takes applications from `opens_at`). `region_places`: {Region: places}."""
    call = Call(
        title=title,
        description=description,
        timezone=timezone_name,
        opens_at=opens_at,
        closes_at=closes_at,
        places=places,
        hours_allowance=hours_allowance,
        created_by=by,
    )
    call.full_clean()
    call.save()
    call.target_domains.set(target_domains)
    for region, n in (region_places or {}).items():
        if n is None:
            continue
        if n > places:
            raise CoachingError({"region_places": _("A region cannot have more places than the call.")})
        RegionPlaces.objects.create(call=call, region=region, places=n)
    return call


# --- applications ----------------------------------------------------------------------------


def eligibility_problems(*, call: Call, organisation: Organisation, now=None) -> list[str]:
    """Why this company may not apply to this call (empty: it may)."""
    problems = []
    if not call.is_open(now):
        problems.append(_("The call is not open for applications."))
    if not is_eligible_sme(organisation):
        problems.append(_("Only companies that meet the EU SME definition can apply."))
    if str(organisation.country) not in BSR_COUNTRIES:
        problems.append(_("Only companies registered in a Baltic Sea Region country can apply."))
    return problems


def _check_member(by, organisation):
    if not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise CoachingError(_("You can only apply on behalf of a company you belong to."))


def _set_fields(application: Application, fields: dict) -> None:
    for name in APPLICATION_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    try:
        application.full_clean(exclude=["call", "organisation", "created_by"], validate_unique=False)
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None


def _set_relations(application: Application, fields: dict) -> None:
    if "domains" in fields:
        application.domains.set(fields["domains"])
    if "target_regions" in fields:
        application.target_regions.set(fields["target_regions"])


@transaction.atomic
def save_draft(*, call: Call, organisation: Organisation, by, application: Application | None = None, **fields):
    """Create or update the company's draft application. Checks the call is open, the person is
    a member, the company eligible (the SME service) and that it has no other application to this
    call (also the database's unique constraint, for two clicks at once)."""
    _check_member(by, organisation)
    problems = eligibility_problems(call=call, organisation=organisation)
    if problems:
        raise CoachingError(problems)
    if application is None:
        if Application.objects.filter(call=call, organisation=organisation).exists():
            raise CoachingError(_("%(name)s has applied to this call already.") % {"name": organisation.name})
        application = Application(call=call, organisation=organisation, created_by=by)
    else:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_draft:
            raise CoachingError(_("A submitted application cannot be changed."))
    _set_fields(application, fields)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise CoachingError(_("%(name)s has applied to this call already.") % {"name": organisation.name}) from None
    _set_relations(application, fields)
    return application


def _missing(application: Application) -> dict:
    errors = {}
    if not application.challenge.strip():
        errors["challenge"] = _("Describe the challenge you want coaching on.")
    if not application.expertise_wanted.strip():
        errors["expertise_wanted"] = _("Say what expertise you want from a coach.")
    if not application.languages:
        errors["languages"] = _("Choose at least one language.")
    if not application.domains.exists():
        errors["domains"] = _("Choose at least one S3 domain.")
    for name, _label in NEEDS:
        if getattr(application, name) is None:
            errors[name] = _("Score this need from 1 to 5.")
    return errors


@transaction.atomic
def submit_application(*, application: Application, by) -> Application:
    """Submit a complete draft (final). Side effects: audit entry; notifications to the applicant
    and the call's facilitator."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )
    _check_member(by, application.organisation)
    if not application.is_draft:
        raise CoachingError(_("This application was submitted already."))
    problems = eligibility_problems(call=application.call, organisation=application.organisation)
    if problems:
        raise CoachingError(problems)
    errors = _missing(application)
    if errors:
        raise CoachingError(errors)
    application.submitted_at = timezone.now()
    _move(application, ApplicationStatus.SUBMITTED, actor=by, reason="")
    url = reverse("coaching:application", args=[application.pk])
    payload = {"call": application.call.title, "company": application.organisation.name}
    notify(recipient=by, kind="coaching_submitted", payload={**payload, "to": "applicant"}, url=url)
    if application.call.created_by_id != by.pk:
        notify(
            recipient=application.call.created_by,
            kind="coaching_submitted",
            payload={**payload, "to": "reviewer"},
            url=url,
        )
    return application


def _move(application: Application, to_status: str, *, actor, reason: str) -> StatusChange:
    change = StatusChange.objects.create(
        application=application, actor=actor, from_status=application.status, to_status=to_status, reason=reason
    )
    application.status, application.status_changed_at = to_status, change.at
    application.save()
    return change


def _notify_company(application: Application, *, kind: str, payload: dict, url: str) -> None:
    for membership in application.organisation.memberships.select_related("user"):
        notify(recipient=membership.user, kind=kind, payload=payload, url=url)


def _region_limits(call: Call, application: Application) -> list[RegionPlaces]:
    code = application.organisation.region.code if application.organisation.region_id else ""
    return [q for q in call.region_places.select_related("region") if code and code.startswith(q.region.code)]


def place_problem(call: Call, application: Application) -> str:
    """Why accepting would over-fill the call or a region's places ('' if it fits). Caller holds
    the lock on the call row."""
    holding = Application.objects.filter(call=call, status__in=HOLDS_PLACE).exclude(pk=application.pk)
    if holding.count() >= call.places:
        return _("All %(n)s places of the call are taken.") % {"n": call.places}
    for quota in _region_limits(call, application):
        taken = holding.filter(organisation__region__code__startswith=quota.region.code).count()
        if taken >= quota.places:
            return _("All %(n)s places for %(region)s are taken.") % {"n": quota.places, "region": quota.region.name}
    return ""


@transaction.atomic
def decide(*, application: Application, by, to_status: str, reason: str) -> Application:
    """A reviewer's step: screening, accepted, waiting list or rejected, always with a reason.
    Side effects: audit entry; the company's members are told of every step."""
    reason = (reason or "").strip()
    if not reason:
        raise CoachingError({"reason": _("Give the reason for this decision.")})
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation__region")
        .get(pk=application.pk)
    )
    allowed = TRANSITIONS.get(application.status, set())
    if to_status not in allowed:
        raise CoachingError(
            {
                "to_status": _("An application that is %(status)s cannot be moved there.")
                % {"status": application.get_status_display()}
            }
        )
    if to_status == ApplicationStatus.ACCEPTED:
        problem = place_problem(call, application)
        if problem:
            raise CoachingError({"to_status": problem + " " + _("Put the application on the waiting list instead.")})
    _move(application, to_status, actor=by, reason=reason)
    _notify_decision(application, reason)
    return application


def _notify_decision(application: Application, reason: str) -> None:
    _notify_company(
        application,
        kind="coaching_decision",
        payload={"call": application.call.title, "status": application.status, "reason": reason},
        url=reverse("coaching:application", args=[application.pk]),
    )


@transaction.atomic
def withdraw(*, application: Application, by, reason: str = "") -> Application:
    """The company withdraws a submitted application before a coach is assigned. A place it held goes to the first
    applicant on the waiting list who fits the places (accepted and told)."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_member(by, application.organisation)
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED):
        raise CoachingError(_("This application is closed already."))
    if application.is_draft:
        raise CoachingError(_("This application is a draft: it was never submitted, so there is nothing to withdraw."))
    if Assignment.objects.filter(application=application).exists():
        raise CoachingError(_("The coaching has started; ask your coach or facilitator to close it."))
    held = application.status in HOLDS_PLACE
    _move(application, ApplicationStatus.WITHDRAWN, actor=by, reason=reason.strip())
    if held:
        offer_freed_place(call=call)
    return application


def offer_freed_place(*, call: Call) -> Application | None:
    """Accept the first waiting-listed application that fits the places (caller holds the lock)."""
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .filter(call=call, status=ApplicationStatus.WAITLISTED)
        .select_related("organisation__region")
        .order_by("status_changed_at", "pk")
    )
    for candidate in waiting:
        if not place_problem(call, candidate):
            _move(candidate, ApplicationStatus.ACCEPTED, actor=None, reason=_("A place freed up."))
            _notify_decision(candidate, _("A place freed up."))
            return candidate
    return None


# --- coach pool and assignment ---------------------------------------------------------------


@transaction.atomic
def save_coach_profile(*, user, country, languages, domains, bio, capacity_smes, capacity_hours, is_active=True):
    profile = CoachProfile.objects.filter(user=user).first() or CoachProfile(user=user)
    profile.country, profile.languages, profile.bio = country, list(languages), bio
    profile.capacity_smes, profile.capacity_hours, profile.is_active = capacity_smes, capacity_hours, is_active
    try:
        profile.full_clean()
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None
    profile.save()
    profile.domains.set(domains)
    return profile


def committed(coach: CoachProfile) -> tuple[int, int]:
    """(open assignments, minutes of allowance committed to them)."""
    rows = Assignment.objects.filter(coach=coach, closed_at__isnull=True)
    return rows.count(), rows.aggregate(m=Sum("allowance_minutes"))["m"] or 0


@transaction.atomic
def assign_coach(*, application: Application, coach: CoachProfile, by) -> Assignment:
    """Confirm a coach for an accepted application. Side effects: coach and the company's
    members are notified. Refused when the coach has no capacity left."""
    coach = CoachProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=coach.pk)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.ACCEPTED:
        raise CoachingError(_("Only an accepted application can be given a coach."))
    if Assignment.objects.filter(application=application).exists():
        raise CoachingError(_("This application has a coach already."))
    if not coach.is_active:
        raise CoachingError({"coach": _("This coach is not taking new SMEs.")})
    count, minutes = committed(coach)
    allowance = application.call.hours_allowance * 60
    if count >= coach.capacity_smes or minutes + allowance > coach.capacity_hours * 60:
        raise CoachingError({"coach": _("This coach has no capacity left for another SME.")})
    if coach.user.memberships.filter(organisation=application.organisation).exists():
        raise CoachingError({"coach": _("A coach cannot coach their own company.")})
    assignment = Assignment.objects.create(
        application=application,
        coach=coach,
        assigned_by=by,
        transnational=str(coach.country) != str(application.organisation.country),
        allowance_minutes=allowance,
    )
    url = reverse("coaching:plan", args=[assignment.pk])
    payload = {
        "company": application.organisation.name,
        "coach": coach.user.get_full_name(),
        "call": application.call.title,
    }
    notify(recipient=coach.user, kind="coaching_assignment", payload={**payload, "to": "coach"}, url=url)
    _notify_company(application, kind="coaching_assignment", payload={**payload, "to": "sme"}, url=url)
    return assignment


@transaction.atomic
def raise_allowance(*, assignment: Assignment, by, hours, reason: str) -> AllowanceRaise:
    """A facilitator adds hours to the allowance (recorded with the reason)."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for raising the allowance.")
    minutes = int(Decimal(str(hours or 0)) * 60)
    if minutes <= 0:
        errors["hours"] = _("Add at least a quarter of an hour.")
    if errors:
        raise CoachingError(errors)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    row = AllowanceRaise.objects.create(assignment=assignment, minutes=minutes, reason=reason, by=by)
    assignment.allowance_minutes += minutes
    assignment.save(update_fields=["allowance_minutes"])
    return row


# --- plan ------------------------------------------------------------------------------------


@transaction.atomic
def add_goal(*, assignment: Assignment, title: str, description: str = "") -> Goal:
    if not title.strip():
        raise CoachingError({"title": _("Name the goal.")})
    return Goal.objects.create(assignment=assignment, title=title.strip(), description=description.strip())


@transaction.atomic
def add_task(*, assignment: Assignment, title: str, owner: str, due_date: date | None = None, goal=None) -> PlanTask:
    if goal is not None and goal.assignment_id != assignment.pk:
        raise CoachingError({"goal": _("Choose a goal of this plan.")})
    task = PlanTask(assignment=assignment, title=title.strip(), owner=owner, due_date=due_date, goal=goal)
    try:
        task.full_clean()
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None
    task.save()
    return task


@transaction.atomic
def update_task(*, task: PlanTask, by, status: str, comment: str = "") -> PlanTask:
    task.status = status
    try:
        task.full_clean()
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None
    task.save(update_fields=["status"])
    if comment.strip():
        TaskComment.objects.create(task=task, author=by, text=comment.strip())
    return task


# --- sessions and the ledger -----------------------------------------------------------------


def used_minutes(assignment: Assignment) -> int:
    """Minutes taken from the allowance: sessions logged or confirmed (not disputed or voided)."""
    rows = CoachingSession.objects.filter(assignment=assignment, status__in=COUNTING_STATUSES)
    return rows.aggregate(m=Sum("duration_minutes"))["m"] or 0


def _over_allowance_message(assignment: Assignment, used: int, minutes: int) -> str:
    left = max(assignment.allowance_minutes - used, 0)
    return _(
        "This session would exceed the allowance: %(left)s of %(total)s hours are left and it takes %(hours)s. "
        "A facilitator can raise the allowance."
    ) % {"left": f"{left / 60:g}", "total": f"{assignment.allowance_minutes / 60:g}", "hours": f"{minutes / 60:g}"}


@transaction.atomic
def log_session(
    *,
    assignment: Assignment,
    by,
    day: date,
    start_time: time,
    duration_minutes: int,
    mode: str,
    summary: str,
    private_notes: str = "",
    now=None,
) -> CoachingSession:
    """The assigned coach logs a session held on `day` at `start_time` in the company's time zone.
    Refused when it is not the coach's assignment, lasts no time, lies in the future, overlaps
    another session of the coach, or would exceed the allowance. Side effect: the company's
    members are asked to confirm it."""
    now = now or timezone.now()
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("coach__user", "application__organisation", "application__call")
        .get(pk=assignment.pk)
    )
    if assignment.coach.user_id != by.pk:
        raise CoachingError(_("You can only log sessions for companies assigned to you."))
    CoachProfile.objects.select_for_update().get(pk=assignment.coach_id)  # one coach, one session at a time
    if assignment.is_closed:
        raise CoachingError(_("This coaching is closed."))
    errors = {}
    if not duration_minutes or duration_minutes <= 0:
        errors["duration_minutes"] = _("A session must last at least one minute.")
    if not summary.strip():
        errors["summary"] = _("Write a short summary for the company.")
    if errors:
        raise CoachingError(errors)
    zone = zone_of_country(assignment.application.organisation.country)
    start = datetime.combine(day, start_time).replace(tzinfo=zone)
    end = start + timedelta(minutes=duration_minutes)
    if end > now:
        raise CoachingError({"day": _("A session can be logged once it has taken place; this one ends in the future.")})
    overlapping = CoachingSession.objects.filter(coach=by, start__lt=end, end__gt=start).exclude(
        status=SessionStatus.VOIDED
    )
    if overlapping.exists():
        raise CoachingError({"start_time": _("You have another session logged at that time.")})
    used = used_minutes(assignment)
    if used + duration_minutes > assignment.allowance_minutes:
        raise CoachingError({"duration_minutes": _over_allowance_message(assignment, used, duration_minutes)})
    session = CoachingSession.objects.create(
        assignment=assignment,
        coach=by,
        start=start,
        end=end,
        duration_minutes=duration_minutes,
        mode=mode,
        summary=summary.strip(),
        private_notes=private_notes.strip(),
    )
    _notify_company(
        assignment.application,
        kind="coaching_session",
        payload={"coach": by.get_full_name(), "date": day.isoformat(), "minutes": duration_minutes},
        url=reverse("coaching:sessions", args=[assignment.pk]),
    )
    return session


def _session_for_answer(session: CoachingSession, by) -> CoachingSession:
    session = (
        CoachingSession.objects.select_for_update(of=("self",))
        .select_related("assignment__application")
        .get(pk=session.pk)
    )
    if not Membership.objects.filter(user=by, organisation_id=session.assignment.application.organisation_id).exists():
        raise CoachingError(_("Only the company's members can confirm or dispute its sessions."))
    if session.status not in (SessionStatus.LOGGED, SessionStatus.CONFIRMED):
        raise CoachingError(_("This session was answered already."))
    return session


@transaction.atomic
def confirm_session(*, session: CoachingSession, by) -> CoachingSession:
    session = _session_for_answer(session, by)
    session.status, session.answered_at = SessionStatus.CONFIRMED, timezone.now()
    session.save(update_fields=["status", "answered_at"])
    return session


@transaction.atomic
def dispute_session(*, session: CoachingSession, by, reason: str) -> CoachingSession:
    """The company disputes a session: its hours stop counting until a facilitator resolves it.
    Side effect: the coach is told."""
    reason = (reason or "").strip()
    if not reason:
        raise CoachingError({"reason": _("Say what is wrong with this session.")})
    session = _session_for_answer(session, by)
    session.status, session.dispute_reason, session.answered_at = SessionStatus.DISPUTED, reason, timezone.now()
    session.save(update_fields=["status", "dispute_reason", "answered_at"])
    notify(
        recipient=session.coach,
        kind="coaching_dispute",
        payload={
            "company": session.assignment.application.organisation.name,
            "date": session.start.date().isoformat(),
            "reason": reason,
        },
        url=reverse("coaching:sessions", args=[session.assignment_id]),
    )
    return session


@transaction.atomic
def resolve_dispute(*, session: CoachingSession, by, counts: bool, resolution: str) -> CoachingSession:
    """A facilitator resolves a dispute: the session counts (confirmed) or is voided. Counting it
    again must still fit the allowance."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise CoachingError({"resolution": _("Say how the dispute was resolved.")})
    assignment = Assignment.objects.select_for_update().get(pk=session.assignment_id)
    session = CoachingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.DISPUTED:
        raise CoachingError(_("This session is not disputed."))
    if counts:
        used = used_minutes(assignment)
        if used + session.duration_minutes > assignment.allowance_minutes:
            raise CoachingError({"resolution": _over_allowance_message(assignment, used, session.duration_minutes)})
    session.status = SessionStatus.CONFIRMED if counts else SessionStatus.VOIDED
    session.resolution = resolution
    session.save(update_fields=["status", "resolution"])
    return session


# --- closing, feedback, outcomes, follow-ups -------------------------------------------------


@transaction.atomic
def close_coaching(*, assignment: Assignment, by, report: str) -> Assignment:
    """The coach files the closing report; the company is asked for feedback and outcomes."""
    report = (report or "").strip()
    if not report:
        raise CoachingError({"report": _("Write the closing report.")})
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("coach", "application__organisation")
        .get(pk=assignment.pk)
    )
    if assignment.coach.user_id != by.pk:
        raise CoachingError(_("Only the assigned coach can close the coaching."))
    if assignment.is_closed:
        raise CoachingError(_("This coaching is closed already."))
    assignment.closing_report, assignment.closed_at = report, timezone.now()
    assignment.save(update_fields=["closing_report", "closed_at"])
    _notify_company(
        assignment.application,
        kind="coaching_closed",
        payload={"coach": by.get_full_name()},
        url=reverse("coaching:closing", args=[assignment.pk]),
    )
    return assignment


@transaction.atomic
def give_feedback(*, assignment: Assignment, by, satisfaction: int, usefulness: int, comments: str = "") -> Feedback:
    assignment = Assignment.objects.select_related("application").get(pk=assignment.pk)
    if not Membership.objects.filter(user=by, organisation_id=assignment.application.organisation_id).exists():
        raise CoachingError(_("Only the company's members can give its feedback."))
    if not assignment.is_closed:
        raise CoachingError(_("Feedback is given once the coaching is closed."))
    feedback = Feedback.objects.filter(assignment=assignment).first() or Feedback(assignment=assignment)
    feedback.satisfaction, feedback.usefulness, feedback.comments = satisfaction, usefulness, comments.strip()
    feedback.given_by, feedback.given_at = by, timezone.now()
    try:
        feedback.full_clean()
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None
    feedback.save()
    return feedback


@transaction.atomic
def record_outcome(
    *,
    assignment: Assignment,
    by,
    kind: str,
    programme: str = "",
    amount_eur=None,
    country: str = "",
    description: str = "",
) -> Outcome:
    """A structured outcome: financing names its programme (amount optional), cooperation and a
    new market name the country. By the company's members or its coach, once the coaching is closed."""
    assignment = Assignment.objects.select_related("application", "coach").get(pk=assignment.pk)
    is_member = Membership.objects.filter(user=by, organisation_id=assignment.application.organisation_id).exists()
    if not (is_member or assignment.coach.user_id == by.pk):
        raise CoachingError(_("Only the company's members and its coach record its outcomes."))
    if not assignment.is_closed:
        raise CoachingError(_("Outcomes are recorded once the coaching is closed."))
    errors = {}
    if kind == OutcomeKind.FINANCING and not programme.strip():
        errors["programme"] = _("Name the financing programme.")
    if kind in (OutcomeKind.COOPERATION, OutcomeKind.NEW_MARKET) and not country:
        errors["country"] = _("Choose the country.")
    if amount_eur is not None and amount_eur < 0:
        errors["amount_eur"] = _("The amount cannot be negative.")
    if errors:
        raise CoachingError(errors)
    outcome = Outcome(
        assignment=assignment,
        kind=kind,
        programme=programme.strip() if kind == OutcomeKind.FINANCING else "",
        amount_eur=amount_eur if kind == OutcomeKind.FINANCING else None,
        country=country if kind in (OutcomeKind.COOPERATION, OutcomeKind.NEW_MARKET) else "",
        description=description.strip(),
        recorded_by=by,
    )
    try:
        outcome.full_clean()
    except ValidationError as exc:
        raise CoachingError(exc.message_dict) from None
    outcome.save()
    return outcome


FOLLOW_UP_MONTHS = (3, 6)


def follow_up_due_after(months: int) -> timedelta:
    return timedelta(days=round(months * 30.44))


def send_follow_ups(*, now=None) -> int:
    """The periodic scan: for each closed coaching 3 and 6 months on, one follow-up request
    (the row) and a notification to the company. Idempotent and safe to run concurrently; a missed
    run is caught up by the next (a long-missed coaching gets both requests at once)."""
    now = now or timezone.now()
    sent = 0
    for months in FOLLOW_UP_MONTHS:
        due = (
            Assignment.objects.filter(closed_at__lte=now - follow_up_due_after(months))
            .exclude(follow_ups__months=months)
            .select_related("application__organisation", "application__call")
        )
        for assignment in due.iterator():
            try:
                with transaction.atomic():
                    follow_up = FollowUp.objects.create(assignment=assignment, months=months)
                    _notify_company(
                        assignment.application,
                        kind="coaching_follow_up",
                        payload={"months": months, "call": assignment.application.call.title},
                        url=reverse("coaching:follow_up", args=[follow_up.pk]),
                    )
            except IntegrityError:  # another scan made it first
                continue
            sent += 1
    return sent


@transaction.atomic
def answer_follow_up(*, follow_up: FollowUp, by, note: str = "") -> FollowUp:
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("assignment__application").get(pk=follow_up.pk)
    )
    if not Membership.objects.filter(
        user=by, organisation_id=follow_up.assignment.application.organisation_id
    ).exists():
        raise CoachingError(_("Only the company's members can answer its follow-up."))
    follow_up.note, follow_up.answered_at = note.strip(), timezone.now()
    follow_up.save(update_fields=["note", "answered_at"])
    return follow_up
