import heapq
from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bsrstars import fragments
from bsrstars.accounts.rules import is_programme_admin

from .models import (
    CooperationProfile,
    Event,
    EventOrganiser,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
)

_registered_count = (
    Registration.objects.filter(event=OuterRef("pk"), status=RegistrationStatus.REGISTERED)
    .order_by()
    .values("event")
    .annotate(n=Count("pk"))
    .values("n")
)


def events_for(user, *, related: bool = True) -> QuerySet[Event]:
    """Published events, plus the ones `user` organises (drafts included); admins see all.
    `related=False` for lists that show no organiser or domains (no model instances for them)."""
    queryset = Event.objects.all()
    if not is_programme_admin(user):
        # A subquery, not a join: no DISTINCT over every column (description included) of every row.
        co_organised = EventOrganiser.objects.filter(user=user).values("event_id")
        queryset = queryset.filter(Q(is_published=True) | Q(organiser=user) | Q(pk__in=co_organised))
    if related:
        queryset = queryset.select_related("organiser").prefetch_related(
            "target_domains", Prefetch("co_organisers", queryset=EventOrganiser.objects.select_related("user"))
        )
    return (
        # A subquery per event, not a join grouped over every registration: PostgreSQL counts
        # only the rows of the page shown (the list, the paginator's count and the API alike).
        queryset.annotate(registered=Coalesce(Subquery(_registered_count), 0)).order_by("start", "pk")
    )


def catalogue_scope(user) -> str:
    """Whose events_for() list `user` sees: "all" (admins), "published" (most people), or their
    own (someone who organises an unpublished event), for a kept list to vary on."""
    if is_programme_admin(user):
        return "all"
    drafts = events_for(user, related=False).filter(is_published=False)  # only their own, by its rule
    return f"user:{user.pk}" if drafts.exists() else "published"


def registration_of(user, event) -> Registration | None:
    return (
        Registration.objects.filter(event=event, person=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation")
        .first()
    )


def registrations_of_event(event) -> QuerySet[Registration]:
    return event.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
        "person", "organisation", "organisation__region"
    )


def check_in_list(event, query: str = "", registration_id: int | None = None):
    """Registered participants for the check-in desk, found by name or organisation, or the one
    whose agenda QR code was scanned."""
    rows = registrations_of_event(event).filter(status=RegistrationStatus.REGISTERED)
    if registration_id is not None:
        rows = rows.filter(pk=registration_id)
    if query:
        rows = rows.filter(Q(person__full_name__icontains=query) | Q(organisation__name__icontains=query))
    return rows


def participant_catalogue(event, params, exclude=None):
    """Registered participants with their organisations and profiles, filtered like b2match's
    catalogue: country, organisation kind, S3 domain, profile kind, free text."""
    queryset = (
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
        .select_related("person", "organisation", "organisation__region")
        .prefetch_related(Prefetch("profiles", queryset=CooperationProfile.objects.prefetch_related("domains")))
        .order_by("organisation__name", "pk")
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    if params.get("country"):
        queryset = queryset.filter(organisation__country=params["country"].upper())
    if params.get("kind"):
        queryset = queryset.filter(organisation__kind=params["kind"])
    if params.get("domain"):
        queryset = queryset.filter(profiles__domains__code__startswith=params["domain"].upper()).distinct()
    if params.get("profile_kind"):
        queryset = queryset.filter(profiles__kind=params["profile_kind"]).distinct()
    if params.get("q"):
        q = params["q"]
        queryset = queryset.filter(
            Q(organisation__name__icontains=q) | Q(profiles__title__icontains=q) | Q(profiles__description__icontains=q)
        ).distinct()
    return queryset


def open_request_partners(registration) -> set[int]:
    """Registration ids `registration` has a pending or accepted request with, either way."""
    rows = MeetingRequest.objects.filter(
        Q(sender=registration) | Q(recipient=registration), status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
    ).values_list("sender_id", "recipient_id")
    return {other for pair in rows for other in pair if other != registration.pk}


def requests_of(registration):
    related = ("sender__person", "sender__organisation", "recipient__person", "recipient__organisation")
    incoming = MeetingRequest.objects.filter(recipient=registration).select_related(*related)
    outgoing = MeetingRequest.objects.filter(sender=registration).select_related(*related)
    return incoming, outgoing


def agenda_rows(event, registration) -> list[dict]:
    """A participant's meetings at the event, in time order, with partner and table."""
    rows = []
    meetings = (
        Meeting.objects.filter(session__event=event)
        .filter(Q(request__sender=registration) | Q(request__recipient=registration))
        .select_related(
            "session",
            "request__sender__person",
            "request__sender__organisation",
            "request__recipient__person",
            "request__recipient__organisation",
        )
        .prefetch_related("request__sender__profiles", "request__recipient__profiles")
    )
    slots_of = {}
    for meeting in meetings:
        if meeting.session_id not in slots_of:
            slots_of[meeting.session_id] = meeting.session.slots()
        start, end = slots_of[meeting.session_id][meeting.slot]
        partner = meeting.request.recipient if meeting.request.sender_id == registration.pk else meeting.request.sender
        rows.append({"start": start, "end": end, "table": meeting.table, "partner": partner, "meeting": meeting})
    return sorted(rows, key=lambda row: row["start"])


def held_meetings():
    """Meetings that took place: both sides were checked in."""
    return Meeting.objects.filter(request__sender__attended=True, request__recipient__attended=True)


def event_report(event) -> dict:
    """Figures for the organisers: attendance, meetings, cross-border share, outcomes (three
    queries whatever the size of the event)."""
    from django.db.models import F

    from .models import MeetingOutcome, OutcomeKind

    registered = Q(status=RegistrationStatus.REGISTERED)
    people = event.registrations.aggregate(  # aliases must not be field names ("attended")
        n_registered=Count("pk", filter=registered),
        n_attended=Count("pk", filter=registered & Q(attended=True)),
        n_absent=Count("pk", filter=registered & Q(attended=False)),
        n_waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    held = Q(request__sender__attended=True, request__recipient__attended=True)
    abroad = ~Q(request__sender__organisation__country=F("request__recipient__organisation__country"))
    meetings = Meeting.objects.filter(session__event=event).aggregate(
        scheduled=Count("pk"), held=Count("pk", filter=held), cross=Count("pk", filter=held & abroad)
    )
    outcome_counts = dict(
        MeetingOutcome.objects.filter(meeting__session__event=event)
        .values_list("outcome")
        .annotate(n=Count("meeting", distinct=True))
        .values_list("outcome", "n")
    )
    held_count = meetings["held"]
    return {
        **{key.removeprefix("n_"): value for key, value in people.items()},
        "scheduled": meetings["scheduled"],
        "held": held_count,
        "cross_border_share": round(100 * meetings["cross"] / held_count, 1) if held_count else None,
        "outcomes": [(label, outcome_counts.get(value, 0)) for value, label in OutcomeKind.choices],
    }


EXPORT_CHUNK = 1000


def report_rows(event) -> Iterator[dict]:
    """One row per scheduled meeting, for the CSV/XLSX export, in time and table order.

    Streamed: each session's meetings are read in chunks in slot and table order (model objects
    for one chunk at a time, with their outcomes and follow-ups), and the sessions' streams are
    merged by start time, so a worker's memory stays flat however many meetings an event has."""
    sessions = list(event.sessions.prefetch_related("breaks"))
    streams = [_session_report_rows(event, session) for session in sessions]
    return heapq.merge(*streams, key=lambda row: (row["start"], row["table"]))


def _session_report_rows(event, session) -> Iterator[dict]:
    slots = session.slots()
    meetings = (
        Meeting.objects.filter(session=session)
        .select_related(
            "request__sender__organisation",
            "request__recipient__organisation",
            "request__sender",
            "request__recipient",
        )
        .prefetch_related("outcomes", "follow_ups__survey")
        .order_by("slot", "table", "pk")
    )
    for m in meetings.iterator(chunk_size=EXPORT_CHUNK):
        start = slots[m.slot][0]
        ratings = {o.registration_id: o.outcome for o in m.outcomes.all()}
        later = {a.survey.registration_id: a.result for a in m.follow_ups.all()}
        sender, recipient = m.request.sender, m.request.recipient
        yield {
            "start": start.astimezone(event.zone).strftime("%Y-%m-%d %H:%M"),
            "table": m.table,
            "organisation_a": sender.organisation.name,
            "country_a": str(sender.organisation.country),
            "organisation_b": recipient.organisation.name,
            "country_b": str(recipient.organisation.country),
            "held": bool(sender.attended and recipient.attended),
            "outcome_a": ratings.get(sender.pk, ""),
            "outcome_b": ratings.get(recipient.pk, ""),
            "six_months_a": later.get(sender.pk, ""),
            "six_months_b": later.get(recipient.pk, ""),
        }


def schedule_grid(session, tables: range, slots: range | None = None) -> list[tuple]:
    """[(slot index, start, [cell or None for each table in `tables`])] for the `slots` (all by
    default) of a session: the
    organisers' grid, one page of tables at a time. A cell is a dict (pk, locked and the two
    organisations' names, `url` of the meeting's page): hundreds of cells are read as plain
    values, not as six model instances each."""
    from django.urls import reverse

    base = reverse("events:meeting_change", args=[session.event_id, 0])[: -len("0/")]
    # Small reads by primary key, not one join: PostgreSQL cannot tell that a page of tables
    # holds a few hundred of the session's meetings, and hashed all 54,000 requests and all
    # 20,000 registrations for the names.
    meetings = list(
        session.meetings.filter(table__gte=tables.start, table__lt=tables.stop).values(
            "pk", "slot", "table", "locked", "request_id"
        )
    )
    parties = {
        pk: (a, b)
        for pk, a, b in MeetingRequest.objects.filter(pk__in=[m["request_id"] for m in meetings])
        .order_by()
        .values_list("pk", "sender_id", "recipient_id")
    }
    wanted = {reg for pair in parties.values() for reg in pair}
    names = dict(Registration.objects.filter(pk__in=wanted).order_by().values_list("pk", "organisation__name"))
    cells = {}
    for m in meetings:
        a, b = parties.get(m["request_id"], (None, None))
        m["a"], m["b"] = names.get(a, ""), names.get(b, "")
        m["url"] = f"{base}{m['pk']}/"
        cells[(m["slot"], m["table"])] = m
    times = session.slots()
    slots = range(len(times)) if slots is None else slots
    return [(i, times[i][0], [cells.get((i, t)) for t in tables]) for i in slots if i < len(times)]


def attendance_counts(event) -> dict:
    """{"present": n, "absent": n, "unmarked": n} among the registered participants, in one query."""
    registered = Q(status=RegistrationStatus.REGISTERED)
    return event.registrations.aggregate(
        present=Count("pk", filter=registered & Q(attended=True)),
        absent=Count("pk", filter=registered & Q(attended=False)),
        unmarked=Count("pk", filter=registered & Q(attended__isnull=True)),
    )


RECENT_PAST = timedelta(days=365)  # a past event stays in "your events" this long while something is left to do


MY_EVENTS_TABLES = (
    "events.Event",
    "events.EventOrganiser",
    "events.Registration",
    "events.MeetingRequest",
    "events.Meeting",
    "events.MatchmakingSession",
    "events.MeetingOutcome",
    "events.FollowUpSurvey",
)


def my_events(user, now=None, limit: int = 10) -> list[Event]:
    """The events `user` takes part in, waits for or runs: upcoming ones, then past ones (ended
    within a year) with something left to do: a follow-up survey to answer, a meeting to rate.
    Each carries `my_status` (registration status or None), `survey_due` and `to_rate`. Kept
    for a minute per person (bsrstars.fragments: at once anew when a row it reads changes; the
    minute bounds an event passing from upcoming to past)."""
    if now is not None:
        return _my_events(user, now, limit)
    return fragments.cached(
        "events:my-events", [user.pk, limit], MY_EVENTS_TABLES, lambda: _my_events(user, timezone.now(), limit), 60
    )


def _my_events(user, now, limit: int) -> list[Event]:
    from .models import FollowUpSurvey

    active = Registration.objects.filter(person=user).exclude(status=RegistrationStatus.CANCELLED)
    runs = Q(organiser=user) | Q(pk__in=EventOrganiser.objects.filter(user=user).values("event_id"))
    # Meetings through the person's few registrations and requests (id sets read by index), not
    # a join of every meeting to both parties' registrations: that scanned all 54,000 requests.
    # The ids as a list (one small query): with a subquery the planner cannot read the two
    # request indexes for "sender or recipient" and scans the table.
    own = list(Registration.objects.filter(person=user).values_list("pk", flat=True))
    own_requests = MeetingRequest.objects.filter(Q(sender__in=own) | Q(recipient__in=own)).values("pk")
    mine = Meeting.objects.filter(
        request__in=own_requests, session__event=OuterRef("pk"), session__event__schedule_published_at__isnull=False
    )
    unrated = mine.exclude(outcomes__registration__in=own)
    events = (
        events_for(user, related=False)
        .filter(runs | Q(pk__in=active.values("event_id")))
        .annotate(
            my_status=Subquery(active.filter(event=OuterRef("pk")).values("status")[:1]),
            survey_due=Exists(
                FollowUpSurvey.objects.filter(
                    registration__event=OuterRef("pk"), registration__person=user, answered_at__isnull=True
                )
            ),
            to_rate=Exists(unrated),
        )
        .filter(
            Q(end__gte=now)
            | (Q(end__gte=now - RECENT_PAST) & (Q(survey_due=True) | Q(to_rate=True, my_status__isnull=False)))
        )
    )
    return list(events[:limit])


def matchmaking_steps(registration, event) -> list[dict]:
    """The participant's way through matchmaking, in order: profile → suggested partners →
    requests → agenda, each `done` or not, and the one they stand at marked `current`."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    requests = MeetingRequest.objects.filter(Q(sender=registration) | Q(recipient=registration)).aggregate(
        any=Count("pk", filter=~Q(status=RequestStatus.CANCELLED)),
        accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED)),
    )
    published = event.schedule_published_at is not None
    steps = [
        ("profiles", _("Your cooperation profile"), registration.profiles.exists()),
        ("recommendations", _("Suggested partners"), bool(requests["any"])),
        ("requests", _("Meeting requests"), bool(requests["accepted"])),
        ("agenda", _("Your agenda"), published),
    ]
    current = "agenda" if published else next((key for key, _label, done in steps if not done), "agenda")
    return [
        {
            "key": key,
            "label": label,
            "url": reverse(f"events:{key}", args=[event.pk]),
            "done": done,
            "current": key == current,
        }
        for key, label, done in steps
    ]
