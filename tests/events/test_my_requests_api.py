"""/api/v1/my-meeting-requests/ reads the caller's registrations, then their requests by the
sender and recipient indexes (not an OR across two joins, which scans every request): the same
queries for one request as for many, and nobody else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from events import requests as req
from events import services
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _registered(e, n):
    people = [person() for _ in range(n)]
    return [services.register(event=e, person=p, organisation=p.memberships.get().organisation) for p in people]


def _list(user):
    api = APIClient()
    api.force_authenticate(user)
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/my-meeting-requests/")
    assert response.status_code == 200
    return response.json(), ctx.captured_queries


def test_same_queries_for_one_and_many_requests_and_only_the_callers():
    e = event(capacity=50)
    me, *others = _registered(e, 12)
    req.send_request(sender=others[0], recipient=others[1])  # not mine
    req.send_request(sender=me, recipient=others[0])
    few, few_queries = _list(me.person)
    for other in others[1:]:
        req.send_request(sender=other, recipient=me)
    many, many_queries = _list(me.person)
    assert few["count"] == 1 and many["count"] == 11
    assert len(few_queries) == len(many_queries)
    listed = [q["sql"] for q in many_queries if "events_meetingrequest" in q["sql"]]
    assert listed and not [sql for sql in listed if '"person_id" =' in sql.split("WHERE")[-1]]
    outsider, _queries = _list(person())
    assert outsider["count"] == 0
