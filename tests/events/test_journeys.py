"""What each person is offered at each stage: their own events first in the list, the matchmaking
steps in order with where they stand, suggestions that say what the partner offers and looks for,
a direct link to the request form, and on a past event only what still makes sense."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import followup, services
from events import requests as req
from events import schedule as sched
from events.models import Event, FollowUpSurvey, MeetingRequest
from regions.models import S3Domain
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _registered(e, n, **kwargs):
    people = [person(**kwargs) for _ in range(n)]
    return [services.register(event=e, person=p, organisation=p.memberships.get().organisation) for p in people]


def _move_to_past(e, days):
    shift = (e.end - timezone.now()) + timedelta(days=days)
    Event.objects.filter(pk=e.pk).update(
        start=e.start - shift,
        end=e.end - shift,
        registration_opens=e.registration_opens - shift,
        registration_closes=e.registration_closes - shift,
    )
    for session in e.sessions.all():
        type(session).objects.filter(pk=session.pk).update(start=session.start - shift, end=session.end - shift)
    e.refresh_from_db()


@pytest.fixture
def held():
    """A past event where a and b met (published schedule, both present) and a has a survey."""
    e = event(title="Held brokerage")
    session = services.add_session(
        event=e, start=e.start + timedelta(hours=1), end=e.start + timedelta(hours=2), slot_minutes=20, tables=2
    )
    a, b = _registered(e, 2)
    req.accept_request(request=req.send_request(sender=a, recipient=b), by=b)
    sched.run_now(session=session)
    sched.publish(event=e)
    for r in (a, b):
        services.mark_attendance(registration=r, present=True)
    _move_to_past(e, 190)
    FollowUpSurvey.objects.create(registration=a)
    return e, a, b


def test_past_event_offers_report_ratings_and_follow_up_only(client, held):
    e, a, b = held
    client.force_login(a.person)
    page = client.get(reverse("events:detail", args=[e.pk])).content.decode()
    for gone in ("cancel", "availability", "recommendations", "profiles", "requests", "participants"):
        assert reverse(f"events:{gone}", args=[e.pk]) not in page, gone
    assert reverse("events:agenda", args=[e.pk]) in page and "Your meetings and ratings" in page
    assert reverse("events:follow_up", args=[e.pk]) in page
    assert "You took part for" in page and "step by step" not in page
    client.force_login(e.organiser)
    page = client.get(reverse("events:detail", args=[e.pk])).content.decode()
    assert reverse("events:report", args=[e.pk]) in page
    for gone in ("edit", "session_add", "schedule", "check_in", "participants"):
        assert reverse(f"events:{gone}", args=[e.pk]) not in page, gone


def test_events_list_shows_my_events_first_with_what_is_left_to_do(client, held):
    past, a, b = held
    upcoming = event(title="Upcoming brokerage")
    services.register(event=upcoming, person=a.person, organisation=a.organisation)
    event(title="Someone else's fair")
    long_ago = event(title="Long ago")
    services.register(event=long_ago, person=a.person, organisation=a.organisation)
    _move_to_past(long_ago, 30)  # over, nothing to rate or answer: not among a's events
    client.force_login(a.person)
    response = client.get(reverse("events:list"))
    html = response.content.decode()
    assert [e.title for e in response.context["mine"]] == ["Held brokerage", "Upcoming brokerage"]
    assert html.index("Your events") < html.index("All events") < html.index("Someone else&#x27;s fair")
    assert reverse("events:follow_up", args=[past.pk]) in html
    followup.answer(survey=a.follow_up, results={m.pk: "in_contact" for m in followup.meetings_of(a)}, comments="")
    html = client.get(reverse("events:list")).content.decode()
    assert reverse("events:follow_up", args=[past.pk]) not in html
    assert reverse("events:agenda", args=[past.pk]) in html and "Rate your meetings" in html  # a has not rated yet
    client.force_login(b.person)  # b has no survey but an unrated meeting too
    assert [e.title for e in client.get(reverse("events:list")).context["mine"]] == ["Held brokerage"]
    client.force_login(upcoming.organiser)
    mine = client.get(reverse("events:list")).context["mine"]
    assert [e.title for e in mine] == ["Upcoming brokerage"]


def _list_queries(client, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sme = person()
    for i in range(n):
        e = event(title=f"Event {i}")
        services.register(event=e, person=sme, organisation=sme.memberships.get().organisation)
        event(title=f"Other {i}")
    client.force_login(sme)
    client.get(reverse("events:list"))
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get(reverse("events:list")).context["mine"]) == n
    return len(ctx.captured_queries)


def test_events_list_queries_do_not_grow_with_my_events(client):
    assert _list_queries(client, 1) == _list_queries(client, 8)


def _steps(client, e, who, page="detail"):
    client.force_login(who.person)
    response = client.get(reverse(f"events:{page}", args=[e.pk]))
    return [(s["key"], s["done"], s["current"]) for s in response.context["steps"]], response.content.decode()


def test_matchmaking_steps_in_order_mark_where_the_person_stands(client):
    e = event()
    session = services.add_session(
        event=e, start=e.start + timedelta(hours=1), end=e.start + timedelta(hours=2), slot_minutes=20, tables=2
    )
    a, b = _registered(e, 2)
    steps, html = _steps(client, e, a)
    assert steps == [
        ("profiles", False, True),
        ("recommendations", False, False),
        ("requests", False, False),
        ("agenda", False, False),
    ]
    assert html.index("Your cooperation profile") < html.index("Suggested partners") < html.index("Meeting requests")
    assert 'aria-current="step"' in html and "you are here" in html
    domains = list(S3Domain.objects.all()[:1])
    req.add_profile(registration=a, kind="offer", title="Biochar", description="x", domains=domains)
    assert [s[0] for s in _steps(client, e, a)[0] if s[2]] == ["recommendations"]
    request = req.send_request(sender=a, recipient=b)
    assert [s[0] for s in _steps(client, e, a, "requests")[0] if s[2]] == ["requests"]
    req.accept_request(request=request, by=b)
    steps, _html = _steps(client, e, a, "profiles")
    assert [s[0] for s in steps if s[2]] == ["agenda"] and not steps[3][1]
    sched.run_now(session=session)
    sched.publish(event=e)
    steps, html = _steps(client, e, a, "agenda")
    assert steps[3] == ("agenda", True, True)
    assert "(done)" in html


def test_a_suggestion_shows_offers_and_needs_and_links_to_the_request_form(client):
    e = event()
    food, bio = S3Domain.objects.order_by("code")[:2]
    mine, theirs = _registered(e, 1, country="SE") + _registered(e, 1, country="LT", org_region="LT011")
    req.add_profile(registration=mine, kind="offer", title="Our pilot hall", description="x", domains=[food])
    req.add_profile(registration=mine, kind="request", title="Algae", description="y", domains=[bio])
    req.add_profile(registration=theirs, kind="request", title="A pilot line", description="z", domains=[food])
    req.add_profile(registration=theirs, kind="offer", title="Algae biomass", description="w", domains=[bio])
    client.force_login(mine.person)
    html = client.get(reverse("events:recommendations", args=[e.pk])).content.decode()
    assert "They offer" in html and "Algae biomass" in html
    assert "They look for" in html and "A pilot line" in html
    form_url = reverse("events:send_request", args=[e.pk, theirs.pk])
    assert f'href="{form_url}?next=recommendations"' in html
    form = client.get(form_url, {"next": "recommendations"})
    page = form.content.decode()
    assert form.status_code == 200 and 'name="message"' in page and "Send the request" in page
    assert "Algae biomass" in page
    response = client.post(form_url, {"message": "Shall we?", "priority": 2, "next": "recommendations"})
    assert response.url == reverse("events:recommendations", args=[e.pk])
    assert MeetingRequest.objects.get().message == "Shall we?"
    again = client.get(form_url).content.decode()
    assert "You have a request with this participant already." in again and 'name="message"' not in again
