"""What events put on a person's home: meeting requests to answer, follow-up surveys to fill,
their upcoming events (with the agenda once it is published), and, for organisers, the state
of each event they run. Four queries whatever the number of events, requests or surveys."""

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home

from .models import (
    Event,
    FollowUpSurvey,
    MatchmakingSession,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
    ScheduleRun,
)

UPCOMING_SHOWN = 8  # upcoming registrations and run events listed on the home
REPORT_DAYS = 60  # an organiser's ended event stays on the home this long (its report is ready)


def _requests_to_answer(user, now) -> list[home.Item]:
    rows = (
        MeetingRequest.objects.filter(recipient__person=user, status=RequestStatus.PENDING, event__end__gt=now)
        .values("event_id", "event__title", "event__requests_close", "event__registration_closes")
        .annotate(n=Count("pk"))
        .order_by("event_id")
    )
    return [
        home.Item(
            kind=home.TASK,
            title=ngettext(
                "%(n)d meeting request to answer: %(event)s",
                "%(n)d meeting requests to answer: %(event)s",
                row["n"],
            )
            % {"n": row["n"], "event": row["event__title"]},
            count=row["n"],
            deadline=row["event__requests_close"] or row["event__registration_closes"],
            url=reverse("events:requests", kwargs={"pk": row["event_id"]}),
            detail=_("Unanswered requests expire at the deadline."),
        )
        for row in rows
    ]


def _surveys_to_fill(user) -> list[home.Item]:
    rows = FollowUpSurvey.objects.filter(registration__person=user, answered_at__isnull=True).values(
        "registration__event_id", "registration__event__title", "sent_at"
    )
    return [
        home.Item(
            kind=home.TASK,
            title=_("Follow-up survey to fill: %(event)s") % {"event": row["registration__event__title"]},
            count=1,
            url=reverse("events:follow_up", kwargs={"pk": row["registration__event_id"]}),
            detail=_("What came of your meetings there? Sent on %(day)s.") % {"day": home.local_day(row["sent_at"])},
        )
        for row in rows
    ]


def _my_upcoming(user, now) -> list[home.Item]:
    registrations = (
        Registration.objects.filter(person=user, event__end__gt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("event__start", "pk")[:UPCOMING_SHOWN]
    )
    items = []
    for registration in registrations:
        event = registration.event
        badges = [
            home.Badge(registration.get_status_display(), home.OK if registration.status == "registered" else home.WARN)
        ]
        links = []
        if event.schedule_published_at:
            badges.append(home.Badge(_("Agenda published"), home.INFO))
            links.append((_("Your agenda"), reverse("events:agenda", kwargs={"pk": event.pk})))
        items.append(
            home.Item(
                kind=home.DATE,
                title=event.title,
                when=event.start,
                url=reverse("events:detail", kwargs={"pk": event.pk}),
                badges=tuple(badges),
                links=tuple(links),
            )
        )
    return items


def _count(queryset, column="event"):
    """A correlated COUNT(*) subquery: one number per event row, no join fan-out."""
    return Coalesce(
        Subquery(
            queryset.filter(**{column: OuterRef("pk")}).order_by().values(column).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _run_events(user, now) -> list[home.Item]:
    events = (
        Event.objects.filter(Q(organiser=user) | Q(co_organisers__user=user), end__gt=now - timedelta(days=REPORT_DAYS))
        .distinct()
        .annotate(
            n_registered=_count(Registration.objects.filter(status=RegistrationStatus.REGISTERED)),
            n_pending=_count(MeetingRequest.objects.filter(status=RequestStatus.PENDING)),
            n_sessions=_count(MatchmakingSession.objects.all()),
            has_run=Exists(ScheduleRun.objects.filter(session__event=OuterRef("pk"), status="done")),
        )
        .order_by("start", "pk")[:UPCOMING_SHOWN]
    )
    return [_event_status(event, now) for event in events]


def _event_days(event) -> str:
    """The event's day, or first and last day, in the event's own time zone."""
    first, last = (moment.astimezone(event.zone).date() for moment in (event.start, event.end))
    return home.local_day(first) if first == last else f"{home.local_day(first)}–{home.local_day(last)}"


def _event_status(event, now) -> home.Item:
    badges = []
    detail_url = reverse("events:detail", kwargs={"pk": event.pk})
    links = [(_("Registrations"), reverse("events:registrations", kwargs={"pk": event.pk}))]
    if not event.is_published:
        badges.append(home.Badge(_("Draft: not published"), home.WARN))
    elif event.registration_opens <= now < event.registration_closes:
        badges.append(home.Badge(_("Registration open"), home.OK))
    elif now < event.registration_opens:
        badges.append(home.Badge(_("Registration not open yet"), home.NEUTRAL))
    elif now < event.end:
        badges.append(home.Badge(_("Registration closed"), home.NEUTRAL))
    badges.append(
        home.Badge(
            ngettext("%(n)d registered", "%(n)d registered", event.n_registered) % {"n": event.n_registered},
            home.NEUTRAL,
        )
    )
    if event.n_pending and now < event.end:
        badges.append(
            home.Badge(
                ngettext("%(n)d request pending", "%(n)d requests pending", event.n_pending) % {"n": event.n_pending},
                home.INFO,
            )
        )
    if event.n_sessions and now < event.end:
        schedule_url = reverse("events:schedule", kwargs={"pk": event.pk})
        if not event.has_run:
            badges.append(home.Badge(_("Schedule not yet run"), home.WARN))
            links.append((_("Schedule"), schedule_url))
        elif not event.schedule_published_at:
            badges.append(home.Badge(_("Schedule not yet published"), home.WARN))
            links.append((_("Schedule"), schedule_url))
        else:
            badges.append(home.Badge(_("Schedule published"), home.OK))
    local_today = now.astimezone(event.zone).date()
    if event.start.astimezone(event.zone).date() <= local_today <= event.end.astimezone(event.zone).date():
        badges.append(home.Badge(_("Check-in today"), home.ALERT))
        links.append((_("Check-in"), reverse("events:check_in", kwargs={"pk": event.pk})))
    if event.end <= now:
        badges.append(home.Badge(_("Report ready"), home.OK))
        links.append((_("Report"), reverse("events:report", kwargs={"pk": event.pk})))
    return home.Item(
        kind=home.STATUS,
        title=event.title,
        url=detail_url,
        when=event.start,
        detail=" · ".join((_event_days(event), _("You organise this event."))),
        badges=tuple(badges),
        links=tuple(links),
        group=_("Events you organise"),
    )


def home_items(user) -> list[home.Item]:
    now = timezone.now()
    return [
        *_requests_to_answer(user, now),
        *_surveys_to_fill(user),
        *_my_upcoming(user, now),
        *_run_events(user, now),
    ]
