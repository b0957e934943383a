"""Writes for events: creating and editing events and sessions, registering and cancelling.

Capacity holds under concurrent registrations: each registration locks the event row
(select_for_update on PostgreSQL; SQLite serialises writers anyway) before counting places.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.accounts.models import Membership
from bsrstars.notifications.services import notify

from .models import Event, EventOrganiser, MatchmakingSession, Registration, RegistrationStatus, SessionBreak


class EventError(ValidationError):
    """A rule of events was broken; the message is meant for the person."""


EVENT_FIELDS = [
    "max_open_requests",
    "requests_close",
    "title",
    "description",
    "type",
    "venue",
    "online_url",
    "timezone",
    "start",
    "end",
    "registration_opens",
    "registration_closes",
    "capacity",
    "is_published",
]


@transaction.atomic
def create_event(*, organiser, target_domains=(), **fields) -> Event:
    event = Event(organiser=organiser, **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    event.full_clean()
    event.save()
    event.target_domains.set(target_domains)
    return event


@transaction.atomic
def update_event(*, event: Event, target_domains=None, **fields) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    active = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    for key, value in fields.items():
        if key in EVENT_FIELDS:
            setattr(event, key, value)
    if event.capacity < active:
        raise EventError(
            {"capacity": _("%(n)s people are registered already; places cannot go below that.") % {"n": active}}
        )
    event.full_clean()
    event.save()
    if target_domains is not None:
        event.target_domains.set(target_domains)
    _promote_waiting(event)
    return event


@transaction.atomic
def add_co_organiser(*, event: Event, user, can_edit: bool) -> EventOrganiser:
    row, _created = EventOrganiser.objects.update_or_create(event=event, user=user, defaults={"can_edit": can_edit})
    return row


@transaction.atomic
def add_session(
    *, event: Event, start, end, slot_minutes: int, tables: int, title: str = "", breaks=()
) -> MatchmakingSession:
    session = MatchmakingSession(
        event=event, title=title, start=start, end=end, slot_minutes=slot_minutes, tables=tables
    )
    session.full_clean()
    session.save()
    for b_start, b_end in breaks:
        if not (start <= b_start < b_end <= end):
            raise EventError(_("A break must lie within its session and end after it starts."))
        SessionBreak.objects.create(session=session, start=b_start, end=b_end)
    if not session.slots():
        raise EventError(_("The session has no room for a single meeting."))
    return session


@transaction.atomic
def register(*, event: Event, person, organisation) -> Registration:
    """Register `person` for `organisation`: a place if one is free, else the waiting list.

    Side effect: a notification saying which. Raises EventError when registration is closed,
    the person is not a member of the organisation, or is registered already.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_is_open():
        raise EventError(_("Registration for this event is not open."))
    if not Membership.objects.filter(user=person, organisation=organisation).exists():
        raise EventError(_("You can only register on behalf of an organisation you belong to."))
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    status = RegistrationStatus.REGISTERED if taken < event.capacity else RegistrationStatus.WAITLISTED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, person=person, organisation=organisation, status=status
            )
    except IntegrityError:
        raise EventError(_("You are registered for this event already.")) from None
    notify(
        recipient=person,
        kind="event_registration",
        payload={"event": event.title, "status": status},
        url=reverse("events:detail", args=[event.pk]),
    )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel; a place that frees up goes to the first person on the waiting list (notified).

    Raises EventError once the event has started: attendance, meetings and outcomes are the
    event's record and a participant cannot erase them.
    """
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if event.has_started():
        raise EventError(_("Registrations cannot be cancelled once the event has started."))
    registration.status, registration.status_changed_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> list[Registration]:
    """Fill free places from the waiting list, first come first served (caller holds the lock)."""
    free = event.capacity - event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    promoted = []
    if free <= 0:
        return promoted
    waiting = (
        event.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    for registration in waiting:
        registration.status, registration.status_changed_at = RegistrationStatus.REGISTERED, timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        notify(
            recipient=registration.person,
            kind="event_registration",
            payload={"event": event.title, "status": "promoted"},
            url=reverse("events:detail", args=[event.pk]),
        )
        promoted.append(registration)
    return promoted


@transaction.atomic
def mark_attendance(*, registration: Registration, present: bool) -> Registration:
    """Check-in on the day. A no-show's meeting partners are told their partner is absent."""
    from .models import Meeting

    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if registration.status != RegistrationStatus.REGISTERED:
        raise EventError(_("Only registered participants can be checked in."))
    was = registration.attended
    registration.attended = present
    registration.save(update_fields=["attended"])
    if not present and was is not False:
        meetings = (
            Meeting.objects.filter(session__event=registration.event)
            .filter(models.Q(request__sender=registration) | models.Q(request__recipient=registration))
            .select_related("request__sender__person", "request__recipient__person")
        )
        for meeting in meetings:
            partner = (
                meeting.request.recipient if meeting.request.sender_id == registration.pk else meeting.request.sender
            )
            notify(
                recipient=partner.person,
                kind="no_show",
                url=reverse("events:agenda", args=[registration.event_id]),
                payload={
                    "event": registration.event.title,
                    "who": registration.person.get_full_name(),
                    "organisation": registration.organisation.name,
                },
                email=False,
            )
    return registration


@transaction.atomic
def set_blocked_slots(*, registration: Registration, blocked: list[str]) -> Registration:
    """The slots a participant cannot meet in ("session id:slot number"); the scheduler keeps out.

    Raises EventError once the event has started (the schedule is then the record).
    """
    if registration.event.has_started():
        raise EventError(_("Availability cannot be changed once the event has started."))
    valid = {f"{s.pk}:{i}" for s in registration.event.sessions.all() for i in range(len(s.slots()))}
    unknown = set(blocked) - valid
    if unknown:
        raise EventError(_("Unknown slots: %(slots)s.") % {"slots": ", ".join(sorted(unknown))})
    registration.blocked_slots = sorted(set(blocked))
    registration.save(update_fields=["blocked_slots"])
    return registration


@transaction.atomic
def new_calendar_token(*, registration: Registration) -> str:
    """A fresh secret for the agenda's subscription feed; the old link stops working."""
    import secrets

    registration.calendar_token = secrets.token_urlsafe(32)
    registration.save(update_fields=["calendar_token"])
    return registration.calendar_token


@transaction.atomic
def rate_meeting(*, meeting, registration: Registration, outcome: str, now=None):
    """One side's rating of a meeting that has taken place; rating again replaces it."""
    from .models import MeetingOutcome, OutcomeKind

    if registration.pk not in (meeting.request.sender_id, meeting.request.recipient_id):
        raise EventError(_("You can only rate your own meetings."))
    if outcome not in OutcomeKind.values:
        raise EventError(_("Unknown outcome."))
    start, _end = meeting.session.slots()[meeting.slot]
    if (now or timezone.now()) < start:
        raise EventError(_("A meeting can be rated once it has taken place."))
    rating, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting, registration=registration, defaults={"outcome": outcome, "rated_at": timezone.now()}
    )
    return rating
