"""seed_demo gives each demo account something to do at the events: the pages say what."""

import pytest
from django.urls import reverse

from events.demo import PAST_TITLE, TITLE
from events.models import Event

pytestmark = pytest.mark.django_db


def _as(client, email):
    client.login(email=f"{email}@example.org", password="demo-bsr-2026")


def test_demo_events_give_each_account_something_to_do(demo_data, client):
    upcoming, past = Event.objects.get(title=TITLE), Event.objects.get(title=PAST_TITLE)
    # The Skåne SME: a place to take at the upcoming event, a follow-up survey from the past one.
    _as(client, "sme")
    listing = client.get(reverse("events:list"))
    assert [e.title for e in listing.context["mine"]] == [PAST_TITLE]
    assert reverse("events:follow_up", args=[past.pk]) in listing.content.decode()
    assert ">Register<" in client.get(reverse("events:detail", args=[upcoming.pk])).content.decode()
    # The Vilnius SME: registered, three meeting requests to answer.
    _as(client, "sme2")
    assert [e.title for e in client.get(reverse("events:list")).context["mine"]] == [TITLE]
    incoming = client.get(reverse("events:requests", args=[upcoming.pk])).context["incoming"]
    assert [r.status for r in incoming] == ["pending"] * 3
    # The facilitator: requests accepted and a session to schedule (nothing to publish yet).
    _as(client, "facilitator")
    assert TITLE in [e.title for e in client.get(reverse("events:list")).context["mine"]]
    page = client.get(reverse("events:schedule", args=[upcoming.pk]))
    html = page.content.decode()
    assert page.context["s"]["accepted"] == 2 and "Run the scheduler" in html
    assert reverse("events:schedule_publish", args=[upcoming.pk]) not in html
    # A participant of the upcoming event stands at a step of the matchmaking.
    _as(client, "participant1")
    steps = client.get(reverse("events:detail", args=[upcoming.pk])).context["steps"]
    assert [s["key"] for s in steps if s["current"]] == ["requests"]  # asked sme2, waiting for the answer
    assert [s["done"] for s in steps] == [True, True, False, False]
