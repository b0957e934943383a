"""Events pages run as many SQL queries for a dozen participants as for three."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import requests as req
from events import schedule as sched
from events import services
from regions.models import S3Domain
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _event_with(n: int):
    e = event(capacity=50)
    session = services.add_session(
        event=e, start=e.start + timedelta(hours=1), end=e.start + timedelta(hours=3), slot_minutes=20, tables=10
    )
    domains = list(S3Domain.objects.all()[:2])
    regs = []
    for i in range(n):
        p = person(country="SE" if i % 2 else "LT", org_region="SE224" if i % 2 else "LT011")
        reg = services.register(event=e, person=p, organisation=p.memberships.get().organisation)
        req.add_profile(registration=reg, kind="offer", title=f"Offer {i}", description="x", domains=domains)
        regs.append(reg)
    for a, b in zip(regs, regs[1:]):
        req.accept_request(request=req.send_request(sender=a, recipient=b), by=b)
    for other in regs[2:]:
        req.send_request(sender=regs[0], recipient=other)  # pending ones too
    sched.run_now(session=session)
    sched.publish(event=e)
    for reg in regs:
        services.mark_attendance(registration=reg, present=True)
    return e, regs


PAGES = [
    ("events:list", False, "organiser"),
    ("events:detail", True, "organiser"),
    ("events:registrations", True, "organiser"),
    ("events:participants", True, "participant"),
    ("events:recommendations", True, "participant"),
    ("events:requests", True, "participant"),
    ("events:agenda", True, "participant"),
    ("events:schedule", True, "organiser"),
    ("events:check_in", True, "organiser"),
    ("events:report", True, "organiser"),
]


def _queries(client, e, regs, name, with_pk, who):
    client.force_login(e.organiser if who == "organiser" else regs[1].person)
    url = reverse(name, args=[e.pk]) if with_pk else reverse(name)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "with_pk", "who"), PAGES)
def test_page_queries_do_not_grow_with_participants(client, name, with_pk, who):
    small = _queries(client, *_event_with(3), name, with_pk, who)
    large = _queries(client, *_event_with(12), name, with_pk, who)
    assert large == small, f"{name}: {small} queries for 3 participants, {large} for 12"
