"""Scheduling a real event's session with the pure core in events/scheduling.py.

A facilitator asks for a run: a ScheduleRun row (outbox work) is written and a task runs the
scheduler, keeping locked meetings, and replaces the session's other meetings with the result.
Publishing tells every participant; changes after publishing tell those affected.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.notifications.services import notify
from bsrstars.outbox import services as outbox

from .models import (
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
    ScheduleRun,
)
from .requests import RequestError
from .scheduling import Locked, Problem, Request, default_time_limit, schedule


def schedulable_requests(session: MatchmakingSession):
    """Accepted requests between registered participants, not scheduled in another session."""
    # The event's registered participants as a subquery and the meeting elsewhere as NOT EXISTS:
    # joins to every registration and meeting of the programme made the count scan all three
    # tables (12 ms at 50,000 meetings); this reads the event's rows by index.
    registered = Registration.objects.filter(event_id=session.event_id, status=RegistrationStatus.REGISTERED)
    elsewhere = Meeting.objects.filter(request=OuterRef("pk")).exclude(session_id=session.pk)
    return (
        MeetingRequest.objects.filter(
            event_id=session.event_id,
            status=RequestStatus.ACCEPTED,
            sender__in=registered.values("pk"),
            recipient__in=registered.values("pk"),
        )
        .exclude(Exists(elsewhere))
        .select_related("sender", "recipient")
        .order_by("pk")
    )


def build_problem(session: MatchmakingSession) -> Problem:
    slots = [str(i) for i in range(len(session.slots()))]
    requests = list(schedulable_requests(session))
    people = {f"r{x}" for req in requests for x in (req.sender_id, req.recipient_id)}
    prefix = f"{session.pk}:"
    blocked = {
        f"r{reg.pk}": {key[len(prefix) :] for key in reg.blocked_slots if key.startswith(prefix)}
        for req in requests
        for reg in (req.sender, req.recipient)
    }
    locked = [Locked(f"m{m.request_id}", str(m.slot), m.table) for m in session.meetings.filter(locked=True)]
    return Problem(
        slots=slots,
        tables=session.tables,
        participants={p: blocked.get(p, set()) for p in sorted(people)},
        requests=[Request(f"m{req.pk}", f"r{req.sender_id}", f"r{req.recipient_id}", req.priority) for req in requests],
        locked=locked,
    )


THOROUGH_SECONDS = 30.0  # an organiser's "thorough" run: the improve limit the benchmark measures


def _new_run(session, requested_by, *, thorough=False, time_limit=None) -> ScheduleRun:
    """The run row; a chosen time limit (a thorough run's, or --time-limit) travels in its stats."""
    if thorough and time_limit is None:
        time_limit = THOROUGH_SECONDS
    stats = {} if time_limit is None else {"time_limit": float(time_limit)}
    return ScheduleRun.objects.create(session=session, requested_by=requested_by, thorough=thorough, stats=stats)


@transaction.atomic
def request_run(*, session: MatchmakingSession, requested_by, thorough: bool = False) -> ScheduleRun:
    """Side effect: the run is enqueued after commit (the row waits if the broker is down).
    A thorough run searches for THOROUGH_SECONDS instead of the quick default."""
    run = _new_run(session, requested_by, thorough=thorough)
    outbox.enqueue_on_commit(run)
    return run


def run_schedule(*, run_id: int) -> str:
    """The task's work: claim the run, schedule, store the meetings. Idempotent by the claim."""
    run = outbox.claim(ScheduleRun, run_id)
    if run is None:
        return "skipped"
    try:
        session = MatchmakingSession.objects.select_related("event").get(pk=run.session_id)
        problem = build_problem(session)
        limit = float(run.stats.get("time_limit") or default_time_limit(problem))
        # What the organisers' page shows as progress while the scheduler works (committed now).
        ScheduleRun.objects.filter(pk=run.pk).update(
            stats={"started": timezone.now().isoformat(), "time_limit": limit, "requests": len(problem.requests)}
        )
        result = schedule(problem, time_limit=limit)
        with transaction.atomic():
            before = _agendas(session)
            session.meetings.filter(locked=False).delete()
            locked = set(session.meetings.values_list("request_id", flat=True))
            Meeting.objects.bulk_create(
                Meeting(session=session, request_id=int(m.request[1:]), slot=int(m.slot), table=m.table)
                for m in result.meetings
                if int(m.request[1:]) not in locked
            )
            run.stats = {**result.stats, "time_limit": limit}
            run.save(update_fields=["stats"])
            if session.event.schedule_published_at:
                _tell_changes(session, before, _agendas(session))
    except Exception as exc:
        outbox.fail(run, error=repr(exc))
        raise
    outbox.finish(run)
    return run.status


def _agendas(session) -> dict[int, set[tuple[int, int, int]]]:
    """{registration id: {(request id, slot, table)}} for the session."""
    result: dict[int, set] = {}
    for meeting in session.meetings.select_related("request"):
        for reg in (meeting.request.sender_id, meeting.request.recipient_id):
            result.setdefault(reg, set()).add((meeting.request_id, meeting.slot, meeting.table))
    return result


def _tell_changes(session, before, after) -> None:
    changed = {reg for reg in set(before) | set(after) if before.get(reg) != after.get(reg)}
    for registration in Registration.objects.filter(pk__in=changed).select_related("person"):
        notify(
            recipient=registration.person,
            kind="schedule",
            url=reverse("events:agenda", args=[session.event_id]),
            payload={"event": session.event.title, "change": "changed"},
        )


@transaction.atomic
def publish(*, event) -> int:
    """Participants see their agendas from now on. Side effect: every participant is notified.
    Refused while no meeting is scheduled: there would be nothing to see."""
    if not Meeting.objects.filter(session__event=event).exists():
        raise RequestError(_("There are no meetings to publish yet: run the scheduler first."))
    event.schedule_published_at = timezone.now()
    event.save(update_fields=["schedule_published_at"])
    registrations = event.registrations.filter(status=RegistrationStatus.REGISTERED).select_related("person")
    for registration in registrations:
        notify(
            recipient=registration.person,
            kind="schedule",
            url=reverse("events:agenda", args=[event.pk]),
            payload={"event": event.title, "change": "published"},
        )
    return len(registrations)


@transaction.atomic
def move_meeting(*, meeting: Meeting, slot: int, table: int) -> Meeting:
    """Move to a free cell where neither participant has another meeting; the move is locked."""
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("session__event", "request__sender__person", "request__recipient__person")
        .get(pk=meeting.pk)
    )
    session = meeting.session
    if not (0 <= slot < len(session.slots()) and 1 <= table <= session.tables):
        raise RequestError(_("There is no such slot or table."))
    others = session.meetings.exclude(pk=meeting.pk).filter(slot=slot).select_related("request")
    people = {meeting.request.sender_id, meeting.request.recipient_id}
    for reg in (meeting.request.sender, meeting.request.recipient):
        if f"{session.pk}:{slot}" in reg.blocked_slots:
            raise RequestError(_("%(who)s is not available in that slot.") % {"who": reg.person.get_full_name()})
    for other in others:
        if other.table == table:
            raise RequestError(_("That table is taken in that slot."))
        if people & {other.request.sender_id, other.request.recipient_id}:
            raise RequestError(_("One of the two has another meeting in that slot."))
    before = _agendas(session)
    meeting.slot, meeting.table, meeting.locked = slot, table, True
    meeting.save(update_fields=["slot", "table", "locked"])
    if session.event.schedule_published_at:
        _tell_changes(session, before, _agendas(session))
    return meeting


@transaction.atomic
def set_locked(*, meeting: Meeting, locked: bool) -> Meeting:
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def run_now(*, session: MatchmakingSession, requested_by=None, time_limit: float | None = None) -> ScheduleRun:
    """Schedule a session in this process (the management command), through the same steps as
    a requested run; `time_limit` in seconds (default: the quick default for its size)."""
    run = _new_run(session, requested_by, time_limit=time_limit)
    run_schedule(run_id=run.pk)
    run.refresh_from_db()
    return run


def progress(run: ScheduleRun | None) -> int | None:
    """Percent of its time limit a running scheduler has used (it stops at the limit), or None
    when no run is at work. Capped at 99: the last step stores the meetings."""
    from datetime import datetime

    if run is None or run.status != "running" or "started" not in run.stats:
        return None
    elapsed = (timezone.now() - datetime.fromisoformat(run.stats["started"])).total_seconds()
    return max(0, min(99, round(100 * elapsed / max(float(run.stats["time_limit"]), 0.1))))
