from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars import charts, fragments
from bsrstars.downloads import views as downloads
from bsrstars.outbox.models import OutboxStatus
from bsrstars.permissions import permission_required

from . import exports, followup, printing, selectors, services
from . import requests as event_requests
from . import schedule as schedule_service
from .filters import CheckInFilter, EventFilter, RegistrationFilter
from .forms import (
    CooperationProfileForm,
    EventForm,
    FollowUpForm,
    MeetingRequestForm,
    RegistrationForm,
    SessionForm,
)
from .models import MatchmakingSession, Meeting, MeetingRequest, OutcomeKind, Registration, RegistrationStatus


@permission_required("events.view_event_list")
def event_list(request):
    """Signed-in people: their own events first (upcoming, and past ones with something left
    to do), then the catalogue of published events (and drafts they organise), upcoming first."""
    filterset = EventFilter(request.GET or {}, queryset=selectors.events_for(request.user, related=False))
    return render(
        request,
        "events/list.html",
        {
            "filter": filterset,
            # The catalogue is the same for everyone who sees no drafts (kept by bsrstars.fragments):
            # read only if it is not kept.
            "page": SimpleLazyObject(lambda: Paginator(filterset.qs, 20).get_page(request.GET.get("page"))),
            "catalogue_scope": selectors.catalogue_scope(request.user),
            "mine": selectors.my_events(request.user),
            "now": timezone.now(),
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


def _event(request, pk, **kwargs):
    # Read once per request: the permission check and the view ask for the same event.
    cached = getattr(request, "_portal_event", None)
    if cached is None or str(cached.pk) != str(pk):
        cached = request._portal_event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    return cached


@permission_required("events.view_event", fn=_event)
def event_detail(request, pk):
    """Signed-in people: the event in its own time zone; register, or see your registration.
    Once it is over only what still makes sense is offered: the report, ratings, the follow-up."""
    event = _event(request, pk)
    registration = selectors.registration_of(request.user, event)
    sessions = list(event.sessions.prefetch_related("breaks"))
    started = event.has_started()
    context = {
        "ended": event.end <= timezone.now(),
        **_steps(event, registration),
        "event": event,
        "registration": registration,
        "sessions": [(session, session.slots()) for session in sessions],
        "form": RegistrationForm(user=request.user) if registration is None else None,
        "open": event.registration_is_open(),
        "started": started,
        "can_edit": request.user.has_perm("events.change_event", event),
        "can_view_registrations": request.user.has_perm("events.view_registrations", event),
        "places_left": max(event.capacity - event.registered, 0),
    }
    with timezone.override(event.zone):
        return render(request, "events/detail.html", context)


@permission_required("events.add_event")
def event_create(request):
    """Facilitators and programme admins: a new event (a draft until published)."""
    form = EventForm(request.POST or None, initial={"timezone": request.user.timezone})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        domains = data.pop("target_domains")
        try:
            event = services.create_event(organiser=request.user, target_domains=domains, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form})


@permission_required("events.change_event", fn=_event)
def event_edit(request, pk):
    """The organiser, co-organisers allowed to edit, programme admins."""
    event = _event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        domains = data.pop("target_domains")
        try:
            services.update_event(event=event, target_domains=domains, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@permission_required("events.change_event", fn=_event)
def session_add(request, pk):
    """The event's editors: add a matchmaking session (times in the event's zone)."""
    event = _event(request, pk)
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        breaks = [(data["break_start"], data["break_end"])] if data.get("break_start") else []
        try:
            services.add_session(
                event=event,
                title=data["title"],
                start=data["start"],
                end=data["end"],
                slot_minutes=data["slot_minutes"],
                tables=data["tables"],
                breaks=breaks,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The session was added."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/session_form.html", {"form": form, "event": event})


@require_POST
@permission_required("events.register", fn=_event)
def register(request, pk):
    """Signed-in members of an organisation: take a place, or a place on the waiting list."""
    event = _event(request, pk)
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose the organisation you register for."))
        return redirect("events:detail", pk=pk)
    try:
        registration = services.register(
            event=event, person=request.user, organisation=form.cleaned_data["organisation"]
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return redirect("events:detail", pk=pk)


@require_POST
@permission_required("events.view_event_list")
def cancel(request, pk):
    """The registered person only: cancel (frees the place for the waiting list)."""
    registration = get_object_or_404(
        Registration.objects.exclude(status=RegistrationStatus.CANCELLED), event_id=pk, person=request.user
    )
    try:
        services.cancel_registration(registration=registration)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect("events:detail", pk=pk)


@permission_required("events.view_registrations", fn=_event)
def registrations(request, pk):
    """The event's organisers and programme admins: who registered and who waits."""
    event = _event(request, pk)
    rows = selectors.registrations_of_event(event).order_by("status", "created_at", "pk")
    filterset = RegistrationFilter(request.GET or None, queryset=rows)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/registrations.html", {"event": event, "filter": filterset, "page": page})


def _my_registration(request, event):
    return get_object_or_404(Registration, event=event, person=request.user, status=RegistrationStatus.REGISTERED)


def _steps(event, registration) -> dict:
    """The matchmaking step indicator, shown to participants until the event starts."""
    attending = registration is not None and registration.status == RegistrationStatus.REGISTERED
    show = attending and not event.has_started()
    return {"steps": selectors.matchmaking_steps(registration, event) if show else []}


@permission_required("events.view_participants", fn=_event)
def participants(request, pk):
    """Registered participants and the event's organisers: who takes part and what they offer."""
    event = _event(request, pk)
    mine = selectors.registration_of(request.user, event)
    params = sorted((k, v) for k, v in request.GET.lists() if k in CATALOGUE_KEYS)
    listing = fragments.cached(
        "events:participants", [event.pk, params], CATALOGUE_TABLES, lambda: _catalogue_page(event, request.GET)
    )
    requested = selectors.open_request_partners(mine) if mine else set()
    context = {
        "event": event,
        "page": listing["page"],
        "rows": [row for row in listing["rows"] if mine is None or row["pk"] != mine.pk],  # not oneself
        "mine": mine,
        "requested": requested,
        "query": request.GET.get("q", ""),
        "country": request.GET.get("country", ""),
    }
    return render(request, "events/participants.html", context)


CATALOGUE_KEYS = {"q", "country", "kind", "domain", "profile_kind", "page"}
# What the catalogue shows: registrations, people, organisations, cooperation profiles and their domains.
CATALOGUE_TABLES = (
    "events.Registration",
    "accounts.User",
    "accounts.Organisation",
    "events.CooperationProfile",
    "events.CooperationProfile.domains",
    "regions.S3Domain",
)


def _catalogue_page(event, params) -> dict:
    """A page of the participant catalogue as every participant sees it: each entry's shared part
    rendered (who, what they offer and look for); the viewer's own entry and buttons are added per
    request (kept by bsrstars.fragments)."""
    page = Paginator(selectors.participant_catalogue(event, params), 25).get_page(params.get("page"))
    entry = get_template("events/_participant.html")
    rows = [
        {"pk": r.pk, "html": entry.render({"r": r}), "label": f"{r.person.get_full_name()}, {r.organisation.name}"}
        for r in page
    ]
    return {"rows": rows, "page": fragments.KeptPage.of(page)}


@permission_required("events.participate", fn=_event)
def profiles(request, pk):
    """Registered participants: their own cooperation profiles for this event."""
    event = _event(request, pk)
    registration = _my_registration(request, event)
    form = CooperationProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event_requests.add_profile(registration=registration, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your profile was published."))
            return redirect("events:profiles", pk=pk)
    own = registration.profiles.prefetch_related("domains")
    return render(
        request, "events/profiles.html", {"event": event, "form": form, "own": own, **_steps(event, registration)}
    )


REQUEST_RETURNS = {"participants", "recommendations", "requests"}  # pages a request form may return to


@permission_required("events.participate", fn=_event)
def send_request(request, pk, registration_pk):
    """Registered participants: the form asking another participant for a meeting (GET), and
    sending it (POST); back to the page the person came from."""
    event = _event(request, pk)
    sender = _my_registration(request, event)
    recipient = get_object_or_404(
        Registration.objects.select_related("person", "organisation").prefetch_related("profiles__domains"),
        pk=registration_pk,
        event=event,
        status=RegistrationStatus.REGISTERED,
    )
    back = request.POST.get("next") or request.GET.get("next")
    back = back if back in REQUEST_RETURNS else "participants"
    form = MeetingRequestForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("The message is too long."))
            return redirect(f"events:{back}", pk=pk)
        try:
            event_requests.send_request(sender=sender, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            who = recipient.person.get_full_name()
            messages.success(request, _("Your request was sent to %(who)s.") % {"who": who})
        return redirect(f"events:{back}", pk=pk)
    context = {
        "event": event,
        "recipient": recipient,
        "form": form,
        "next": back,
        "open": recipient.pk in selectors.open_request_partners(sender) or recipient.pk == sender.pk,
    }
    return render(request, "events/request_form.html", context)


@permission_required("events.participate", fn=_event)
def requests_page(request, pk):
    """Registered participants: their own incoming and outgoing requests (nobody else's)."""
    event = _event(request, pk)
    mine = _my_registration(request, event)
    incoming, outgoing = selectors.requests_of(mine)
    return render(
        request,
        "events/requests.html",
        {"event": event, "mine": mine, "incoming": incoming, "outgoing": outgoing, **_steps(event, mine)},
    )


@require_POST
@permission_required("events.participate", fn=_event)
def answer_request(request, pk, request_pk):
    """The person asked accepts or declines; either side cancels."""
    event = _event(request, pk)
    mine = _my_registration(request, event)
    meeting_request = get_object_or_404(
        MeetingRequest.objects.filter(Q(sender=mine) | Q(recipient=mine)), pk=request_pk, event=event
    )
    action = {
        "accept": event_requests.accept_request,
        "decline": event_requests.decline_request,
        "cancel": event_requests.cancel_request,
    }.get(request.POST.get("action"))
    if action is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            action(request=meeting_request, by=mine)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
    return redirect("events:requests", pk=pk)


def _session(event, session_pk):
    return get_object_or_404(MatchmakingSession.objects.prefetch_related("breaks"), pk=session_pk, event=event)


TABLES_PER_PAGE = 20  # columns of the schedule grid shown at a time


def _chosen_session(sessions, wanted):
    """The session the grid shows: the one asked for (?session=pk), else the first."""
    wanted = wanted if wanted and wanted.isascii() and wanted.isdigit() else ""
    return next((s for s in sessions if str(s.pk) == wanted), sessions[0] if sessions else None)


def _schedule_panel(session, tables_page):
    """One session's figures, last run and grid: the rows from the first to the last slot in use,
    the columns a page of the tables in use. The grid and its counts are the same for every
    editor (kept by bsrstars.fragments until a meeting, request or registration changes); the run
    and its progress are read for each request."""
    shared = fragments.cached(
        "events:schedule-grid", [session.pk, tables_page or ""], GRID_TABLES, lambda: _grid(session, tables_page)
    )
    run = session.runs.first()
    return {
        "session": session,
        **shared,
        "run": run,
        "busy": run is not None and run.status in (OutboxStatus.PENDING, OutboxStatus.RUNNING),
        "progress": schedule_service.progress(run),
    }


# What a session's grid reads: its meetings, their requests, the participants and their
# organisations, the session (slots, breaks).
GRID_TABLES = (
    "events.Meeting",
    "events.MeetingRequest",
    "events.Registration",
    "events.MatchmakingSession",
    "events.SessionBreak",
    "accounts.Organisation",
)


def _grid(session, tables_page) -> dict:
    figures = session.meetings.aggregate(n=Count("pk"), widest=Max("table"), first=Min("slot"), last=Max("slot"))
    columns = Paginator(range(1, (figures["widest"] or 0) + 1), TABLES_PER_PAGE).get_page(tables_page)
    tables = columns.object_list
    slots = range(figures["first"], figures["last"] + 1) if figures["n"] else None
    grid = selectors.schedule_grid(session, tables, slots) if figures["n"] else []
    with timezone.override(session.event.zone):
        grid_html = render_to_string("events/_schedule_grid.html", {"tables": tables, "grid": grid})
    return {
        "grid_html": grid_html,
        "columns": columns,
        "tables": tables,
        "tables_in_use": figures["widest"] or 0,
        "accepted": schedule_service.schedulable_requests(session).count(),
        "scheduled": figures["n"],
    }


def _schedule_url(event_pk, session_pk, table=None):
    query = {"session": session_pk}
    if table:
        query["tables"] = (table - 1) // TABLES_PER_PAGE + 1
    return reverse("events:schedule", args=[event_pk]) + "?" + urlencode(query)


@permission_required("events.run_schedule", fn=_event)
def schedule_page(request, pk):
    """The event's editors: run the scheduler per session, see one session's grid (a page of
    its tables at a time; a cell links to the meeting's own page), publish."""
    event = _event(request, pk)
    sessions = list(event.sessions.prefetch_related("breaks"))
    chosen = _chosen_session(sessions, request.GET.get("session"))
    panel = _schedule_panel(chosen, request.GET.get("tables")) if chosen else None
    context = {
        "event": event,
        "sessions": sessions,
        "s": panel,
        "busy": bool(panel and panel["busy"]),
        "can_publish": Meeting.objects.filter(session__event=event).exists(),
    }
    with timezone.override(event.zone):
        return render(request, "events/schedule.html", context)


@require_POST
@permission_required("events.run_schedule", fn=_event)
def schedule_run(request, pk, session_pk):
    """Start a scheduler run for one session (locked meetings stay)."""
    event = _event(request, pk)
    session = _session(event, session_pk)
    run = schedule_service.request_run(
        session=session, requested_by=request.user, thorough=request.POST.get("thorough") == "yes"
    )
    run.refresh_from_db()  # without a broker the run has finished already
    if run.status == OutboxStatus.DONE:
        messages.success(request, _("The scheduler placed %(n)s meetings.") % {"n": run.stats.get("meetings", 0)})
    elif run.status == OutboxStatus.FAILED:
        messages.error(request, _("The scheduler failed; see the administration."))
    else:
        messages.info(request, _("The scheduler is at work; this page shows when it is done."))
    return redirect(_schedule_url(pk, session.pk))


@require_POST
@permission_required("events.run_schedule", fn=_event)
def schedule_publish(request, pk):
    """Publish the agendas to the participants (they are notified)."""
    event = _event(request, pk)
    try:
        count = schedule_service.publish(event=event)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The schedule was published to %(n)s participants.") % {"n": count})
    return redirect("events:schedule", pk=pk)


@permission_required("events.run_schedule", fn=_event)
def meeting_change(request, pk, meeting_pk):
    """The event's editors: one meeting's page, with the one form that locks, unlocks or moves it
    to a free cell (the grid itself carries no forms)."""
    event = _event(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "session",
            "request__sender__person",
            "request__sender__organisation",
            "request__recipient__person",
            "request__recipient__organisation",
        ).prefetch_related("session__breaks"),
        pk=meeting_pk,
        session__event=event,
    )
    if request.method == "POST":
        _change_meeting(request, meeting)
        meeting.refresh_from_db()
        return redirect(_schedule_url(pk, meeting.session_id, meeting.table))
    slots = meeting.session.slots()
    with timezone.override(event.zone):
        return render(
            request,
            "events/meeting.html",
            {
                "event": event,
                "meeting": meeting,
                "slots": list(enumerate(slots)),
                "start": slots[meeting.slot][0] if meeting.slot < len(slots) else None,
                "back": _schedule_url(pk, meeting.session_id, meeting.table),
            },
        )


def _change_meeting(request, meeting):
    action = request.POST.get("action")
    try:
        if action in ("lock", "unlock"):
            schedule_service.set_locked(meeting=meeting, locked=action == "lock")
            messages.success(
                request, _("The meeting was locked.") if action == "lock" else _("The meeting was unlocked.")
            )
        elif action == "move":
            schedule_service.move_meeting(
                meeting=meeting, slot=int(request.POST.get("slot", -1)), table=int(request.POST.get("table", 0))
            )
            messages.success(request, _("The meeting was moved and locked."))
        else:
            messages.error(request, _("Unknown action."))
    except (ValidationError, ValueError) as exc:
        for text in getattr(exc, "messages", [_("Enter a slot and a table number.")]):
            messages.error(request, text)


@require_POST
@permission_required("events.participate", fn=_event)
def rate(request, pk, meeting_pk):
    """Registered participants: rate one of their meetings after it took place."""
    event = _event(request, pk)
    registration = _my_registration(request, event)
    meeting = get_object_or_404(
        Meeting.objects.select_related("session", "request"), pk=meeting_pk, session__event=event
    )
    try:
        services.rate_meeting(meeting=meeting, registration=registration, outcome=request.POST.get("outcome", ""))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Thank you: your rating was saved."))
    return redirect("events:agenda", pk=pk)


@permission_required("events.view_agenda", fn=_event)
def agenda(request, pk):
    """A participant's own meetings, in the event's time zone (after the schedule is published)."""
    event = _event(request, pk)
    registration = selectors.registration_of(request.user, event)
    published = event.schedule_published_at is not None
    rows = (  # read only when the agenda's table is not kept
        SimpleLazyObject(lambda: selectors.agenda_rows(event, registration)) if registration and published else []
    )
    feed = (
        request.build_absolute_uri(reverse("events:agenda_feed", args=[registration.calendar_token]))
        if registration and registration.calendar_token
        else ""
    )
    attending = registration is not None and registration.status == RegistrationStatus.REGISTERED
    with timezone.override(event.zone):
        return render(
            request,
            "events/agenda.html",
            {
                "event": event,
                "rows": rows,
                "published": published,
                "feed": feed,
                "registration": registration,
                "now": timezone.now(),
                "outcomes": OutcomeKind.choices,
                "qr": printing.qr_svg(printing.check_in_url(request, registration)) if attending else "",
                **_steps(event, registration),
            },
        )


def _ics(event, registration) -> HttpResponse:
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//BSR Stars S3 portal//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.title)
    if registration and event.schedule_published_at:
        for row in selectors.agenda_rows(event, registration):
            entry = CalendarEvent()
            entry.add("uid", f"meeting-{row['meeting'].pk}@bsrstars")
            entry.add("dtstamp", timezone.now())
            entry.add("dtstart", row["start"])
            entry.add("dtend", row["end"])
            entry.add(
                "summary",
                _("Meeting with %(who)s (%(org)s), table %(table)s")
                % {
                    "who": row["partner"].person.get_full_name(),
                    "org": row["partner"].organisation.name,
                    "table": row["table"],
                },
            )
            entry.add("location", event.venue or event.online_url)
            calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}.ics"'
    return response


@permission_required("events.view_agenda", fn=_event)
def agenda_ics(request, pk):
    """The participant's meetings as an iCalendar file."""
    event = _event(request, pk)
    return _ics(event, selectors.registration_of(request.user, event))


def agenda_feed(request, token):
    """Anyone holding the participant's secret link (calendar apps cannot log in): the agenda feed.
    The link is revoked by making a new one."""
    registration = get_object_or_404(
        Registration.objects.select_related("event").exclude(status=RegistrationStatus.CANCELLED),
        calendar_token=token,
    )
    return _ics(registration.event, registration)


@require_POST
@permission_required("events.participate", fn=_event)
def agenda_feed_new(request, pk):
    """Registered participants: make (or replace) their secret subscription link."""
    event = _event(request, pk)
    services.new_calendar_token(registration=_my_registration(request, event))
    messages.success(request, _("Your calendar link was made; any earlier link no longer works."))
    return redirect("events:agenda", pk=pk)


PER_PAGE = 50  # check-in and registration lists
CHECK_IN_KEYS = ("q", "r", "attendance", "page")  # what the desk had on screen, kept across a mark


@permission_required("events.view_registrations", fn=_event)
def check_in(request, pk):
    """The event's organisers on the day: find people by name or organisation, or list those not
    yet marked, 50 at a time; mark present or absent and come back to the same list."""
    event = _event(request, pk)
    scanned = request.GET.get("r", "")
    scanned = scanned if scanned.isascii() and scanned.isdigit() else ""  # whose agenda QR code was scanned
    rows = selectors.check_in_list(event, registration_id=int(scanned) if scanned else None)
    filterset = CheckInFilter(request.GET or None, queryset=rows.order_by("person__full_name", "pk"))
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "filter": filterset,
            "rows": page,
            "page": page,
            "scanned": scanned,
            "keep": {key: request.GET[key] for key in CHECK_IN_KEYS if request.GET.get(key)},
            "counts": SimpleLazyObject(lambda: selectors.attendance_counts(event)),  # counted if not kept
        },
    )


@require_POST
@permission_required("events.view_registrations", fn=_event)
def mark(request, pk, registration_pk):
    """The event's organisers: mark one participant present or absent."""
    event = _event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        services.mark_attendance(registration=registration, present=request.POST.get("present") == "yes")
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    back = {key: request.POST[key] for key in CHECK_IN_KEYS if request.POST.get(key)}
    return redirect(reverse("events:check_in", args=[pk]) + (f"?{urlencode(back)}" if back else ""))


@permission_required("events.participate", fn=_event)
def availability(request, pk):
    """Registered participants: mark the meeting slots they cannot attend."""
    event = _event(request, pk)
    registration = _my_registration(request, event)
    if event.has_started():
        messages.info(request, _("The event has started: availability can no longer be changed."))
        return redirect("events:detail", pk=pk)
    if request.method == "POST":
        try:
            services.set_blocked_slots(registration=registration, blocked=request.POST.getlist("blocked"))
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Your availability was saved."))
        return redirect("events:availability", pk=pk)
    sessions = [
        (session, [(f"{session.pk}:{i}", start, end) for i, (start, end) in enumerate(session.slots())])
        for session in event.sessions.prefetch_related("breaks")
    ]
    with timezone.override(event.zone):
        return render(
            request,
            "events/availability.html",
            {"event": event, "sessions": sessions, "blocked": set(registration.blocked_slots)},
        )


@permission_required("events.participate", fn=_event)
def recommendations(request, pk):
    """Registered participants: suggested partners, ranked, with the reasons shown."""
    from . import recommend

    event = _event(request, pk)
    registration = _my_registration(request, event)
    if event.has_started():
        messages.info(request, _("The event has started: partner suggestions are closed."))
        return redirect("events:detail", pk=pk)
    if request.method == "POST":
        other_pk = request.POST.get("other", "")
        if not (other_pk.isascii() and other_pk.isdigit()):
            return HttpResponseBadRequest(_("Choose a suggestion to dismiss."))
        other = get_object_or_404(Registration, pk=int(other_pk), event=event)
        recommend.dismiss(registration=registration, other=other)
        messages.info(request, _("You will not see this suggestion again."))
        return redirect("events:recommendations", pk=pk)
    return render(
        request,
        "events/recommendations.html",
        {
            "event": event,
            "registration": registration,
            # Read (from their own cache) only when the rendered list is not kept.
            "suggestions": SimpleLazyObject(lambda: recommend.suggestions(registration)),
            **_steps(event, registration),
        },
    )


@permission_required("events.view_registrations", fn=_event)
def report(request, pk):
    """The event's organisers and programme admins: attendance, meetings held, outcomes."""
    event = _event(request, pk)
    shared = fragments.cached("events:report", [event.pk], REPORT_TABLES, lambda: _report_figures(event))
    return render(request, "events/report.html", {"event": event, **shared})


# What the report reads: registrations and their organisations, meetings, outcomes, follow-ups.
REPORT_TABLES = (
    "events.Registration",
    "events.Meeting",
    "events.MeetingRequest",
    "events.MatchmakingSession",
    "events.MeetingOutcome",
    "events.FollowUpSurvey",
    "events.FollowUpAnswer",
    "accounts.Organisation",
)


def _report_figures(event) -> dict:
    """The report's figures and charts: the same for every organiser, kept by bsrstars.fragments."""
    figures = selectors.event_report(event)
    follow_ups = followup.figures(event)
    return {
        "figures": {**figures, "outcomes": [(str(label), n) for label, n in figures["outcomes"]]},
        "follow_ups": {**follow_ups, "results": [(str(label), n) for label, n in follow_ups["results"]]},
        "outcome_chart": charts.bar_chart(
            figures["outcomes"], title=_("Outcomes rated after the meetings"), ident="outcomes-chart"
        ),
        "follow_up_chart": charts.bar_chart(
            follow_ups["results"], title=_("What came of the meetings, six months later"), ident="follow-up-chart"
        ),
    }


@permission_required("events.view_registrations", fn=_event)
def report_export(request, pk, fmt):
    """The report's meetings, one row each, as CSV or XLSX (a large event's in a worker)."""
    event = _event(request, pk)
    return downloads.respond(request, kind=exports.MEETINGS, fmt=fmt, params=exports.meetings_params(event))


@permission_required("events.participate", fn=_event)
def follow_up(request, pk):
    """Participants, about six months after the event: what came of each meeting."""
    event = _event(request, pk)
    registration = _my_registration(request, event)
    survey = getattr(registration, "follow_up", None)
    if survey is None:
        raise Http404(_("There is no follow-up survey for you at this event (yet)."))
    chosen = {a.meeting_id: a.result for a in survey.answers.all()}
    rows = [
        {
            "meeting": m,
            "partner": m.request.recipient if m.request.sender_id == registration.pk else m.request.sender,
            "chosen": chosen.get(m.pk, ""),
        }
        for m in followup.meetings_of(registration)
    ]
    form = FollowUpForm(request.POST or None, rows=rows, initial={"comments": survey.comments})
    if request.method == "POST" and form.is_valid():
        try:
            followup.answer(survey=survey, results=form.results(), comments=form.cleaned_data["comments"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("events:follow_up", pk=pk)
    return render(
        request,
        "events/follow_up.html",
        {"event": event, "survey": survey, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("events.participate", fn=_event)
def agenda_pdf(request, pk):
    """Registered participants: their agenda as a printable PDF with a check-in QR code (made
    in a worker when it is longer than a page)."""
    event = _event(request, pk)
    registration = _my_registration(request, event)
    if event.schedule_published_at is None:
        raise Http404(_("The meeting schedule is not published yet."))
    params = exports.agenda_params(request, event, registration)
    return downloads.respond(request, kind=exports.AGENDA, fmt="pdf", params=params)
