"""Events' downloads through bsrstars.downloads: the report's meetings (CSV/XLSX; more than
EXPORT_INLINE_ROWS in a worker) and a participant's printable agenda (a PDF longer than a page
is made in a worker; a one-page agenda in the request)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bsrstars.downloads import registry

from . import printing, selectors
from .models import Meeting, Registration, RegistrationStatus

MEETINGS = "events.meetings"
AGENDA = "events.agenda"
# How many meetings fit on the agenda's first page beside the header and check-in code (each
# row holds the partner's profiles too): tests/events/test_exports.py renders one to check.
AGENDA_ROWS_ON_A_PAGE = 8


def meetings_params(event) -> dict:
    return {"event": event.pk, "title": event.title}


def agenda_params(request, event, registration) -> dict:
    return {
        "event": event.pk,
        "registration": registration.pk,
        "title": event.title,
        "check_in": printing.check_in_url(request, registration),  # the worker has no request
    }


def _event(user, params):
    return selectors.events_for(user).filter(pk=params["event"]).first()


def _may_see_meetings(user, params) -> bool:
    event = _event(user, params)
    return event is not None and user.has_perm("events.view_registrations", event)


def _registration(user, params):
    return (
        Registration.objects.filter(
            pk=params["registration"], event_id=params["event"], person=user, status=RegistrationStatus.REGISTERED
        )
        .select_related("event", "person", "organisation")
        .first()
    )


def _may_print_agenda(user, params) -> bool:
    registration = _registration(user, params)
    return (
        registration is not None
        and registration.event.schedule_published_at is not None
        and user.has_perm("events.participate", registration.event)
    )


def _agenda_meetings(params) -> int:
    mine = Meeting.objects.filter(session__event_id=params["event"])
    return (
        mine.filter(request__sender_id=params["registration"])
        | mine.filter(request__recipient_id=params["registration"])
    ).count()


def _agenda_pdf(user, params) -> bytes:
    registration = _registration(user, params)
    event = registration.event
    return printing.agenda_pdf(
        event=event,
        registration=registration,
        rows=selectors.agenda_rows(event, registration),
        check_in=params["check_in"],
    )


def register() -> None:
    registry.register(
        registry.Export(
            kind=MEETINGS,
            title=lambda params: _("Meetings of %(event)s") % {"event": params["title"]},
            filename=lambda params: f"event-{params['event']}-meetings",
            allowed=_may_see_meetings,
            rows=lambda user, params: selectors.report_rows(_event(user, params)),
            count=lambda user, params: Meeting.objects.filter(session__event_id=params["event"]).count(),
            sheet="Meetings",
            back_url=lambda params: reverse("events:report", args=[params["event"]]),
        )
    )
    registry.register(
        registry.Export(
            kind=AGENDA,
            title=lambda params: _("Agenda: %(event)s") % {"event": params["title"]},
            filename=lambda params: f"agenda-{params['event']}",
            allowed=_may_print_agenda,
            formats=("pdf",),
            render=_agenda_pdf,
            short=lambda user, params: _agenda_meetings(params) <= AGENDA_ROWS_ON_A_PAGE,
            back_url=lambda params: reverse("events:agenda", args=[params["event"]]),
        )
    )
