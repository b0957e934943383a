"""Testbeds pages run as many SQL queries for many rows as for one."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regions.models import S3Domain
from testbeds import services
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


def _world(n: int) -> dict:
    """One facility with `n` units, each booked and blacked out; one SME with `n` accesses and
    `n` applications waiting for a decision."""
    owner = f.operator()
    facility = f.facility(owner)
    the_call = f.call(max_projects=100, total_budget="1000000")
    for _ in range(n - 1):
        f.call(title="Another call")
    admin = f.admin()
    applicant, firm = f.sme_member()
    domains = list(S3Domain.objects.all()[:2])
    units = []
    for i in range(n):
        unit = f.unit(facility, name=f"Unit {i}")
        unit.domains.set(domains)
        units.append(unit)
        services.add_blackout(unit=unit, by=owner, start=f.at(3), end=f.at(4), reason="Service")
        mine = {"applicant": applicant, "organisation": firm}
        f.booked(f.draft(the_call, unit, **mine), start=f.at(5), end=f.at(7), by=admin)
        f.booked(f.draft(the_call, unit, **mine), start=f.at(10, 12), end=f.at(12), by=admin)
        other, other_firm = f.sme_member()
        f.feasible(f.draft(the_call, unit, applicant=other, organisation=other_firm), start=f.at(20), end=f.at(22))
    return {"owner": owner, "facility": facility, "units": units, "admin": admin, "applicant": applicant, "firm": firm}


def _count(client, user, url, query=None) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    client.get(url, query or {})  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, query or {}).status_code == 200
    return len(ctx.captured_queries)


def _free_query():
    today = timezone.localdate()
    return {"free_from": today.isoformat(), "free_until": (today + timedelta(days=30)).isoformat(), "free_days": 2}


PAGES = [
    ("catalogue, anonymous", lambda w: (None, reverse("testbeds:catalogue"), None)),
    ("catalogue, signed in", lambda w: (w["applicant"], reverse("testbeds:catalogue"), {"domain": "BIO.FOOD"})),
    ("catalogue, availability", lambda w: (w["applicant"], reverse("testbeds:catalogue"), _free_query())),
    ("facility", lambda w: (w["applicant"], reverse("testbeds:facility", args=[w["facility"].pk]), None)),
    ("calendar, month", lambda w: (w["owner"], reverse("testbeds:calendar", args=[w["units"][0].pk]), None)),
    (
        "calendar, week",
        lambda w: (
            w["owner"],
            reverse("testbeds:calendar", args=[w["units"][0].pk]),
            {"view": "week", "date": (timezone.localdate() + timedelta(days=5)).isoformat()},
        ),
    ),
    ("my applications", lambda w: (w["applicant"], reverse("testbeds:my_applications"), None)),
    ("operator", lambda w: (w["owner"], reverse("testbeds:operator"), None)),
    ("calls", lambda w: (w["applicant"], reverse("testbeds:calls"), None)),
    ("decisions", lambda w: (w["admin"], reverse("testbeds:decisions"), None)),
    ("utilisation", lambda w: (w["owner"], reverse("testbeds:utilisation", args=[w["facility"].pk]), None)),
    ("company page", lambda w: (w["applicant"], reverse("smes:detail", args=[w["firm"].pk]), None)),
]


@pytest.mark.parametrize(("name", "where"), PAGES, ids=[p[0] for p in PAGES])
def test_page_queries_do_not_grow_with_rows(client, name, where):
    small = _count(client, *where(_world(1)))
    large = _count(client, *where(_world(4)))
    assert large == small, f"{name}: {small} queries for one row, {large} for four"


def test_the_calendars_booked_days_of_many_bookings_cost_one_query():
    world = _world(1)
    unit = world["units"][0]
    with CaptureQueriesContext(connection) as ctx:
        days = services.selectors.calendar_days(unit, timezone.localdate(), timezone.localdate() + timedelta(days=30))
    assert len(ctx.captured_queries) == 1
    assert sum(1 for d in days if "booked" in d["kinds"]) == 6  # days 5–7 and 10–12 touched


def test_operator_page_says_how_many_it_leaves_out(client, monkeypatch):
    """The operator's page lists the newest applications of each kind and says how many there are."""
    monkeypatch.setattr("testbeds.views.REVIEW_ROWS", 2)
    w = _world(2)  # four approved and two found feasible: six reviewed, none to review
    client.force_login(w["owner"])
    page = client.get(reverse("testbeds:operator")).content.decode()
    assert page.count("Showing the newest 2 of 6.") == 1  # the reviewed; none wait for review
