"""Cached page parts (bsrstars/fragments.py): the same for every viewer, and never older than the
rows they were read from, however those rows were written."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from bsrstars import fragments
from events.models import Meeting, Registration
from tests.events.factories import crowd, event, filled_session
from tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db


def _report(client, e):
    return client.get(reverse("events:report", args=[e.pk])).context["figures"]


def test_the_report_counts_attendance_marked_in_bulk_at_once(client):
    """A queryset update sends no signals: the report still shows it on the next load."""
    e = event()
    crowd(e, 6)
    client.force_login(e.organiser)
    assert _report(client, e)["attended"] == 0
    assert _report(client, e)["attended"] == 0  # the second load is the kept one
    Registration.objects.filter(event=e).update(attended=True)
    assert _report(client, e)["attended"] == 6


def test_the_grid_shows_a_meeting_moved_in_bulk_and_one_made_in_bulk(client):
    e = event()
    session = filled_session(e, 6, tables=3, slots=4)
    client.force_login(e.organiser)
    url = reverse("events:schedule", args=[e.pk]) + f"?session={session.pk}"
    assert client.get(url).context["s"]["tables_in_use"] == 3
    Meeting.objects.filter(session=session, table=3).update(table=5)
    page = client.get(url)
    assert page.context["s"]["tables_in_use"] == 5 and "Table 5" in page.content.decode()
    Meeting.objects.filter(session=session).delete()
    assert client.get(url).context["s"]["scheduled"] == 0


def test_what_one_organiser_loads_another_sees_in_their_own_language(client):
    e = event()
    crowd(e, 3)
    client.force_login(e.organiser)
    assert "Event report" in client.get(reverse("events:report", args=[e.pk])).content.decode()
    admin = UserFactory(language="sv")
    give_role(admin, "programme_admin")
    client.force_login(admin)
    page = client.get(reverse("events:report", args=[e.pk]), headers={"accept-language": "sv"})
    assert page.context["figures"]["registered"] == 3
    assert "Event report" not in page.content.decode()  # Swedish, not the organiser's English copy


def test_a_write_rolled_back_leaves_the_kept_value_in_use():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    e = event()
    assert fragments.cached("t", [1], ["events.Registration"], compute) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        crowd(e, 1)
        assert fragments.cached("t", [1], ["events.Registration"], compute) == 2  # inside: its own write
        raise RuntimeError
    assert fragments.cached("t", [1], ["events.Registration"], compute) == 1


def test_a_cache_outage_builds_the_page_without_it(client, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    e = event()
    crowd(e, 2)
    client.force_login(e.organiser)
    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert _report(client, e)["registered"] == 2


def test_a_kept_check_in_list_carries_each_organisers_own_form_token():
    """The list is kept once for every organiser; the token in its forms is the viewer's own, so
    the second organiser's "Present" goes through with CSRF checks on."""
    import re

    from django.test import Client

    e = event()
    person = crowd(e, 1)[0]
    admin = UserFactory()
    give_role(admin, "programme_admin")
    url = reverse("events:check_in", args=[e.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(e.organiser)
    second.force_login(admin)
    tokens = []
    for client in (first, second):
        html = client.get(url).content.decode()
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert "csrf-slot" not in html and tokens[0] != tokens[1]
    answer = second.post(
        reverse("events:mark", args=[e.pk, person.pk]), {"present": "yes", "csrfmiddlewaretoken": tokens[1]}
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.attended is True
    assert "1 present" in second.get(url).content.decode()


def test_the_kept_catalogue_leaves_out_the_viewer_and_shows_their_own_requests(client):
    """One kept page of the participant catalogue for everyone: each viewer misses only
    themselves, sees a request they sent, and a profile published a moment ago."""
    from events import requests as req
    from events import services
    from tests.factories import person

    e = event()
    a, b, c = (
        services.register(event=e, person=p, organisation=p.memberships.get().organisation)
        for p in (person(), person(), person())
    )
    url = reverse("events:participants", args=[e.pk])
    client.force_login(a.person)
    assert sorted(r["pk"] for r in client.get(url).context["rows"]) == sorted([b.pk, c.pk])
    req.send_request(sender=a, recipient=b)
    req.add_profile(registration=c, kind="offer", title="Pyrolysis pilot", description="Biochar at scale", domains=[])
    html = client.get(url).content.decode()
    assert "Pyrolysis pilot" in html and html.count("You have a request with this participant.") == 1
    client.force_login(b.person)
    page = client.get(url)
    assert sorted(r["pk"] for r in page.context["rows"]) == sorted([a.pk, c.pk])
    assert "Pyrolysis pilot" in page.content.decode()


def test_a_kept_api_list_shows_a_new_event_and_keeps_drafts_to_their_organiser(client):
    e = event()
    viewer = UserFactory()
    client.force_login(viewer)
    url = "/api/v1/events/"
    assert [row["id"] for row in client.get(url).json()["results"]] == [e.pk]
    draft = event(published=False)
    later = event(title="Later", start=e.start + timedelta(days=1), end=e.end + timedelta(days=1))
    assert [row["id"] for row in client.get(url).json()["results"]] == [e.pk, later.pk]
    client.force_login(draft.organiser)
    assert draft.pk in [row["id"] for row in client.get(url).json()["results"]]


@pytest.mark.django_db(transaction=True)  # committed writes: their stamps are in the cache itself
def test_a_stamp_the_cache_lost_is_not_taken_for_a_table_never_written():
    """Kept while a table had no stamp, then written, then its stamp evicted (a local-memory cache
    culls when full): the part kept before the write is not served again."""
    from cachalot.settings import cachalot_settings
    from django.core.cache import cache

    from bsrstars.accounts.models import Role

    key = cachalot_settings.CACHALOT_TABLE_KEYGEN("default", Role._meta.db_table)
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cache.delete(key)
    assert fragments.cached("evicted", [1], ["accounts.Role"], compute) == 1
    Role.objects.create(code="evicted-stamp", name="A role")  # a write: a new stamp
    cache.delete(key)  # and the cache loses it
    assert fragments.cached("evicted", [1], ["accounts.Role"], compute) == 2


def test_a_kept_report_and_grid_are_served_without_reading_their_rows_again(client):
    """What makes the pages cheap: the second load of the report and of the grid runs fewer
    statements than the first (the figures and cells are not read again), until a write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    e = event()
    session = filled_session(e, 6, tables=3, slots=4)
    client.force_login(e.organiser)
    for url in (
        reverse("events:report", args=[e.pk]),
        reverse("events:schedule", args=[e.pk]) + f"?session={session.pk}",
    ):
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
            if len(counts) == 2:
                Meeting.objects.filter(session=session, table=3).update(table=4)  # a write
        assert counts[1] < counts[0] and counts[2] == counts[0], (url, counts)
