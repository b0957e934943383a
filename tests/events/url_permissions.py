"""Events URLs and the events API: who may do what. Event A is upcoming and organised by
`facilitator` (`co_organiser` may view, not edit); the sme and other_sme take part, with two
more participants (`peer`, `peer2`). Event P took place about 200 days ago (same organisers and
participants; the sme met peer there and has a follow-up survey). `other_facilitator`
organises event B. See tests/url_matrix.py."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from events import requests as event_requests
from events import schedule, services
from events.forms import EventForm
from events.models import Event, FollowUpSurvey, MatchmakingSession, Meeting
from regions.models import S3Domain
from tests.events.factories import event
from tests.factories import person
from tests.url_matrix import EVERYONE, FACILITATORS, NOT_ALLOWED, SIGNED_IN, SMES, Call, Expect, form_data

RUNS = frozenset({"facilitator", "co_organiser", "admin"})  # organisers, view-only ones too
EDITS = frozenset({"facilitator", "admin"})
PARTICIPANTS = SMES  # programme admins pass the permission but hold no place: 404
AUTHORS = FACILITATORS | {"admin"}


def _held_event(world, organiser, co_organiser, peer):
    """Event P: a meeting between the sme and peer, published, attended, ended ~200 days ago."""
    past = event(organiser, capacity=50, title="Event P")
    services.add_co_organiser(event=past, user=co_organiser, can_edit=False)
    session = services.add_session(
        event=past,
        start=past.start + timedelta(hours=1),
        end=past.start + timedelta(hours=2),
        slot_minutes=20,
        tables=2,
    )
    mine = services.register(event=past, person=world.people["sme"], organisation=world.org_a)
    services.register(event=past, person=world.people["other_sme"], organisation=world.org_b)
    theirs = services.register(event=past, person=peer, organisation=peer.memberships.get().organisation)
    event_requests.accept_request(request=event_requests.send_request(sender=theirs, recipient=mine), by=mine)
    schedule.run_now(session=session)
    schedule.publish(event=past)
    services.mark_attendance(registration=mine, present=True)
    services.mark_attendance(registration=theirs, present=True)
    shift = (past.end - timezone.now()) + timedelta(days=200)
    Event.objects.filter(pk=past.pk).update(
        start=F("start") - shift,
        end=F("end") - shift,
        registration_opens=F("registration_opens") - shift,
        registration_closes=F("registration_closes") - shift,
    )
    MatchmakingSession.objects.filter(event=past).update(start=F("start") - shift, end=F("end") - shift)
    FollowUpSurvey.objects.create(registration=mine)
    world.event_p, world.meeting_p = past, Meeting.objects.get(session=session)


def build(world):
    people = world.people
    a = event(people["facilitator"], capacity=50, title="Event A")
    services.add_co_organiser(event=a, user=people["co_organiser"], can_edit=False)
    event(people["other_facilitator"], title="Event B")
    session = services.add_session(
        event=a, start=a.start + timedelta(hours=1), end=a.start + timedelta(hours=3), slot_minutes=20, tables=4
    )
    peer, peer2 = person(), person()
    world.registration_a = services.register(event=a, person=people["sme"], organisation=world.org_a)
    services.register(event=a, person=people["other_sme"], organisation=world.org_b)
    world.peer_registration, world.peer2_registration = (
        services.register(event=a, person=p, organisation=p.memberships.get().organisation) for p in (peer, peer2)
    )
    world.request_a = event_requests.send_request(sender=world.peer_registration, recipient=world.registration_a)
    accepted = event_requests.send_request(sender=world.peer_registration, recipient=world.peer2_registration)
    event_requests.accept_request(request=accepted, by=world.peer2_registration)
    schedule.run_now(session=session)
    services.new_calendar_token(registration=world.registration_a)
    world.event_a, world.session_a, world.meeting_a = a, session, Meeting.objects.get(session=session)
    _held_event(world, people["facilitator"], people["co_organiser"], peer)


def _a(world):
    return {"pk": world.event_a.pk}


def _p(world):
    return {"pk": world.event_p.pk}


def _local(world, hours):
    a = world.event_a
    return (a.start + timedelta(hours=hours)).astimezone(a.zone).strftime("%Y-%m-%dT%H:%M")


def _event_form(world, role, **changes):
    return form_data(EventForm(instance=world.event_a), **changes)


def _session_form(world, role):
    return {"title": "Afternoon", "start": _local(world, 4), "end": _local(world, 5), "slot_minutes": 20, "tables": 3}


def _own_organisation(world, role):
    membership = world.people[role].memberships.first() if world.people[role].is_authenticated else None
    return {"organisation": membership.organisation_id} if membership else {}


def _cooperation_profile(world, role):
    return {"kind": "offer", "title": "Biochar", "description": "We make it.", "domains": [S3Domain.objects.first().pk]}


def _follow_up(world, role):
    return {f"meeting-{world.meeting_p.pk}": "in_contact", "comments": "Going well."}


URLS = {
    "events:list": Expect(get=SIGNED_IN),
    "events:create": Expect(
        get=AUTHORS, post=Call(AUTHORS, data=lambda w, r: _event_form(w, r, title="A new event", is_published=False))
    ),
    "events:detail": Expect(kwargs=_a, get=SIGNED_IN),
    "events:edit": Expect(kwargs=_a, get=EDITS, post=Call(EDITS, data=lambda w, r: _event_form(w, r, title="Renamed"))),
    "events:session_add": Expect(kwargs=_a, get=EDITS, post=Call(EDITS, data=_session_form)),
    # Anyone signed in may register; the sme and other_sme are registered already, the no-role
    # person and the programme admin have no organisation to register for.
    "events:register": Expect(
        kwargs=_a,
        get=NOT_ALLOWED,
        post=Call(SIGNED_IN, writes=SIGNED_IN - {"sme", "other_sme", "no_role", "admin"}, data=_own_organisation),
    ),
    "events:cancel": Expect(kwargs=_a, get=NOT_ALLOWED, post=PARTICIPANTS),
    "events:registrations": Expect(kwargs=_a, get=RUNS),
    "events:participants": Expect(kwargs=_a, get=PARTICIPANTS | RUNS),
    "events:profiles": Expect(kwargs=_a, get=PARTICIPANTS, post=Call(PARTICIPANTS, data=_cooperation_profile)),
    "events:recommendations": Expect(
        kwargs=_a, get=PARTICIPANTS, post=Call(PARTICIPANTS, data=lambda w, r: {"other": w.peer2_registration.pk})
    ),
    "events:requests": Expect(kwargs=_a, get=PARTICIPANTS),
    "events:send_request": Expect(
        kwargs=lambda w: {"pk": w.event_a.pk, "registration_pk": w.peer2_registration.pk},
        get=PARTICIPANTS,
        post=Call(PARTICIPANTS, data={"message": "Shall we meet?", "priority": 2}),
    ),
    # The request is peer's to the sme: other_sme takes part in the event but is no side of it.
    "events:answer_request": Expect(
        kwargs=lambda w: {"pk": w.event_a.pk, "request_pk": w.request_a.pk},
        get=NOT_ALLOWED,
        post=Call({"sme"}, data={"action": "decline"}),
    ),
    "events:schedule": Expect(kwargs=_a, get=EDITS),
    "events:schedule_run": Expect(
        kwargs=lambda w: {"pk": w.event_a.pk, "session_pk": w.session_a.pk}, get=NOT_ALLOWED, post=EDITS
    ),
    "events:schedule_publish": Expect(kwargs=_a, get=NOT_ALLOWED, post=EDITS),
    "events:meeting_change": Expect(
        kwargs=lambda w: {"pk": w.event_a.pk, "meeting_pk": w.meeting_a.pk},
        get=EDITS,
        post=Call(EDITS, data={"action": "lock"}),
    ),
    "events:check_in": Expect(kwargs=_a, get=RUNS),
    "events:mark": Expect(
        kwargs=lambda w: {"pk": w.event_a.pk, "registration_pk": w.peer_registration.pk},
        get=NOT_ALLOWED,
        post=Call(RUNS, data={"present": "yes"}),
    ),
    "events:report": Expect(kwargs=_p, get=RUNS),
    # A POST asks for the file in the background (bsrstars.downloads): a job row for the worker.
    "events:report_export": Expect(kwargs=lambda w: {"pk": w.event_p.pk, "fmt": "csv"}, get=RUNS, post=RUNS),
    "events:availability": Expect(kwargs=_a, get=PARTICIPANTS, post=Call(PARTICIPANTS, data={"blocked": []})),
    "events:agenda": Expect(kwargs=_p, get=PARTICIPANTS | RUNS),
    "events:agenda_ics": Expect(kwargs=_p, get=PARTICIPANTS | RUNS),
    "events:agenda_pdf": Expect(kwargs=_p, get=PARTICIPANTS, post=PARTICIPANTS),
    "events:agenda_feed_new": Expect(kwargs=_a, get=NOT_ALLOWED, post=PARTICIPANTS),
    # The secret link is the permission: calendar apps cannot log in.
    "events:agenda_feed": Expect(kwargs=lambda w: {"token": w.registration_a.calendar_token}, get=EVERYONE),
    # Only the sme met someone at event P, so only the sme has a survey (other_sme: 404).
    "events:follow_up": Expect(kwargs=_p, get={"sme"}, post=Call({"sme"}, data=_follow_up)),
    # The meeting is the sme's: other_sme took part but may not rate it (refused, nothing saved).
    "events:rate": Expect(
        kwargs=lambda w: {"pk": w.event_p.pk, "meeting_pk": w.meeting_p.pk},
        get=NOT_ALLOWED,
        post=Call(PARTICIPANTS, writes={"sme"}, data={"outcome": "follow_up"}),
    ),
    # API
    "event-list": Expect(get=SIGNED_IN),
    "event-detail": Expect(kwargs=_a, get=SIGNED_IN),
    "event-agenda": Expect(kwargs=_a, get=SIGNED_IN),
    "my-registration-list": Expect(get=SIGNED_IN),
    "my-registration-detail": Expect(kwargs=lambda w: {"pk": w.registration_a.pk}, get={"sme"}),
    "my-meeting-request-list": Expect(get=SIGNED_IN),
    "my-meeting-request-detail": Expect(kwargs=lambda w: {"pk": w.request_a.pk}, get={"sme"}),
}
