from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars.permissions import permission_required

from . import requests as event_requests
from . import selectors, services
from .filters import EventFilter
from .forms import CooperationProfileForm, EventForm, MeetingRequestForm, RegistrationForm, SessionForm
from .models import MeetingRequest, Registration, RegistrationStatus


@permission_required("events.view_event_list")
def event_list(request):
    """Signed-in people: published events (and drafts they organise), upcoming first."""
    filterset = EventFilter(request.GET or {}, queryset=selectors.events_for(request.user))
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "events/list.html",
        {"filter": filterset, "page": page, "can_add": request.user.has_perm("events.add_event")},
    )


def _event(request, pk, **kwargs):
    return get_object_or_404(selectors.events_for(request.user), pk=pk)


@permission_required("events.view_event", fn=_event)
def event_detail(request, pk):
    """Signed-in people: the event in its own time zone; register, or see your registration."""
    event = _event(request, pk)
    registration = selectors.registration_of(request.user, event)
    sessions = list(event.sessions.prefetch_related("breaks"))
    context = {
        "event": event,
        "registration": registration,
        "sessions": [(session, session.slots()) for session in sessions],
        "form": RegistrationForm(user=request.user) if registration is None else None,
        "open": event.registration_is_open(),
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
    services.cancel_registration(registration=registration)
    messages.success(request, _("Your registration was cancelled."))
    return redirect("events:detail", pk=pk)


@permission_required("events.view_registrations", fn=_event)
def registrations(request, pk):
    """The event's organisers and programme admins: who registered and who waits."""
    event = _event(request, pk)
    rows = selectors.registrations_of_event(event)
    return render(request, "events/registrations.html", {"event": event, "rows": rows})


def _my_registration(request, event):
    return get_object_or_404(Registration, event=event, person=request.user, status=RegistrationStatus.REGISTERED)


@permission_required("events.view_participants", fn=_event)
def participants(request, pk):
    """Registered participants and the event's organisers: who takes part and what they offer."""
    event = _event(request, pk)
    mine = selectors.registration_of(request.user, event)
    rows = selectors.participant_catalogue(event, request.GET, exclude=mine)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    requested = selectors.open_request_partners(mine) if mine else set()
    context = {
        "event": event,
        "page": page,
        "mine": mine,
        "requested": requested,
        "form": MeetingRequestForm(),
        "query": request.GET.get("q", ""),
        "country": request.GET.get("country", ""),
    }
    return render(request, "events/participants.html", context)


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
    return render(request, "events/profiles.html", {"event": event, "form": form, "own": own})


@require_POST
@permission_required("events.participate", fn=_event)
def send_request(request, pk, registration_pk):
    """Registered participants: ask another participant for a meeting."""
    event = _event(request, pk)
    sender = _my_registration(request, event)
    recipient = get_object_or_404(Registration, pk=registration_pk, event=event)
    form = MeetingRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The message is too long."))
        return redirect("events:participants", pk=pk)
    try:
        event_requests.send_request(sender=sender, recipient=recipient, **form.cleaned_data)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Your request was sent to %(who)s.") % {"who": recipient.person.get_full_name()})
    return redirect("events:participants", pk=pk)


@permission_required("events.participate", fn=_event)
def requests_page(request, pk):
    """Registered participants: their own incoming and outgoing requests (nobody else's)."""
    event = _event(request, pk)
    mine = _my_registration(request, event)
    incoming, outgoing = selectors.requests_of(mine)
    return render(request, "events/requests.html", {"event": event, "incoming": incoming, "outgoing": outgoing})


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
