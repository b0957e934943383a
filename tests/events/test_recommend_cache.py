"""Partner suggestions are cached per participant, and a change at the event shows at once: a
new participant's profile, a request sent, an organisation moving country. A cache hit costs the
same queries whatever the number of participants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import requests as req
from events import services
from regions.models import Region, S3Domain
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _register(e, *, country="SE", region="SE224", kind=None, domains=("CIRC.WASTE",)):
    p = person(country=country, org_region=region)
    reg = services.register(event=e, person=p, organisation=p.memberships.get().organisation)
    if kind:
        req.add_profile(
            registration=reg, kind=kind, title="x", description="x", domains=S3Domain.objects.filter(code__in=domains)
        )
    return reg


def _suggested(client, e):
    response = client.get(reverse("events:recommendations", args=[e.pk]))
    return [(s.registration.pk, s.score) for s in response.context["suggestions"]]


def test_suggestions_follow_changes_at_the_event_at_once(client):
    e = event(capacity=50)
    me = _register(e, kind="offer")
    client.force_login(me.person)
    assert _suggested(client, e) == []
    wants = _register(e, kind="request")  # a new participant looking for what I offer
    assert _suggested(client, e) == [(wants.pk, 3)]
    organisation = wants.organisation
    organisation.country, organisation.region = "LT", Region.objects.get(code="LT011")
    organisation.save()
    assert _suggested(client, e) == [(wants.pk, 4.5)]
    req.send_request(sender=me, recipient=wants)  # an open request: no longer suggested
    assert _suggested(client, e) == []


def test_a_cached_list_costs_the_same_queries_for_few_and_many_participants(client):
    def hit_queries(n):
        e = event(capacity=100)
        me = _register(e, kind="offer")
        for _ in range(n):
            _register(e, kind="request")
        client.force_login(me.person)
        path = reverse("events:recommendations", args=[e.pk])
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert len(response.context["suggestions"]) == min(n, 20)
        return len(ctx.captured_queries)

    assert hit_queries(2) == hit_queries(25)
