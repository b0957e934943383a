"""Coaching lists and the overview run as many SQL queries for many rows as for one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import services
from tests.coaching import factories as f

pytestmark = pytest.mark.django_db


def _world(n: int):
    """n coachings of one company, one coach and one facilitator, each with sessions, tasks and
    outcomes; plus n applications waiting for review and n coaches in the pool."""
    facilitator = f.facilitator()
    member, org = f.sme_member()
    coach = f.coach(smes=50, hours=5000)
    assignments = []
    for i in range(n):
        call = f.call(facilitator, title=f"Call {i}")
        a = f.assignment(call, member=member, organisation=org, coach_profile=coach)
        for day in (2, 3):
            f.session(a, days_ago=day + 3 * i)
        goal = services.add_goal(assignment=a, title=f"Goal {i}")
        task = services.add_task(assignment=a, title=f"Task {i}", owner="sme", goal=goal)
        services.update_task(task=task, by=member, status="doing", comment="On it")
        services.add_task(assignment=a, title=f"Task {i}b", owner="coach")
        assignments.append(a)
        f.application(call)
        f.coach("FI", domains=("BIO.FOOD", "DIG.DATA"))
    last = assignments[-1]
    services.close_coaching(assignment=last, by=coach.user, report="Done")
    services.record_outcome(assignment=last, by=member, kind="new_market", country="DK")
    services.record_outcome(assignment=last, by=member, kind="financing", programme="EIC", amount_eur=1000)
    accepted = f.accepted(last.application.call)
    return {"facilitator": facilitator, "sme": member, "coach": coach.user, "org": org, "a": last, "accepted": accepted}


PAGES = [
    ("coaching:calls", None, "sme"),
    ("coaching:my_applications", None, "sme"),
    ("coaching:review", None, "facilitator"),
    ("coaching:overview", None, "facilitator"),
    ("coaching:my_assignments", None, "coach"),
    ("coaching:sessions", "a", "coach"),
    ("coaching:sessions", "a", "sme"),
    ("coaching:plan", "a", "sme"),
    ("coaching:closing", "a", "sme"),
    ("coaching:suggestions", "accepted", "facilitator"),
    ("smes:detail", "org", "sme"),
]


def _queries(client, world, name, key, who):
    client.force_login(world[who])
    url = reverse(name, args=[world[key].pk]) if key else reverse(name)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "key", "who"), PAGES)
def test_page_queries_do_not_grow_with_rows(client, name, key, who):
    small = _queries(client, _world(1), name, key, who)
    large = _queries(client, _world(4), name, key, who)
    assert large == small, f"{name}: {small} queries for 1 row, {large} for 4"


def test_review_export_queries_do_not_grow_with_rows(client):
    counts = []
    for n in (1, 4):
        world = _world(n)
        client.force_login(world["facilitator"])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("coaching:review_export", args=["csv"]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
