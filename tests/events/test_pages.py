"""The organisers' long lists at the size of a large brokerage event: the schedule grid of a
2,500-meeting session, check-in and registrations of hundreds, the report. Each page runs the
same number of queries as for a handful, and the grid carries links, not a form per cell."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.models import Meeting, Registration, ScheduleRun
from tests.events.factories import crowd, event, filled_session

pytestmark = pytest.mark.django_db


def _count(client, url, params=None):
    client.get(url, params or {})  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_grid_of_a_2500_meeting_session_has_no_form_per_cell_and_flat_queries(client):
    small = event(capacity=5000)
    filled_session(small, 3, tables=105, slots=24)
    large = event(capacity=5000)
    session = filled_session(large, 2500, tables=105, slots=24)
    client.force_login(small.organiser)
    few, _ = _count(client, reverse("events:schedule", args=[small.pk]))
    client.force_login(large.organiser)
    many, response = _count(client, reverse("events:schedule", args=[large.pk]))
    assert many == few
    html = response.content.decode()
    assert html.count("<form") <= 4  # language, log out, publish, run: none in the grid
    assert html.count('<th scope="col">Table ') == 20  # one page of the 105 tables in use
    assert html.count(f'href="/events/{large.pk}/schedule/meetings/') == 20 * 24  # full cells, as links
    assert "Tables 1–20 of the 105 in use" in html
    second = client.get(reverse("events:schedule", args=[large.pk]), {"session": session.pk, "tables": 6}).content
    assert second.decode().count('<th scope="col">Table ') == 5  # tables 101–105


def test_grid_shows_only_the_slots_and_tables_in_use(client):
    e = event()
    filled_session(e, 6, tables=40, slots=3)  # cells fill row by row: tables 1–40 of slot 0
    Meeting.objects.filter(table__gt=3).delete()
    client.force_login(e.organiser)
    html = client.get(reverse("events:schedule", args=[e.pk])).content.decode()
    assert html.count('<th scope="col">Table ') == 3
    assert "Tables 1–3 of the 3 in use (40 set up)" in html
    assert html.count('<th scope="row">') == 1  # only the first of the three slots is in use


def test_empty_grid_says_so_offers_no_publish_and_has_no_scroll_region(client):
    e = event()
    services.add_session(event=e, start=e.start, end=e.start + timedelta(hours=1), slot_minutes=20, tables=4)
    client.force_login(e.organiser)
    html = client.get(reverse("events:schedule", args=[e.pk])).content.decode()
    assert "No meetings are scheduled in this session yet." in html
    assert 'class="grid"' not in html and "table-scroll" not in html
    assert reverse("events:schedule_publish", args=[e.pk]) not in html
    assert "There is nothing to publish yet" in html
    response = client.post(reverse("events:schedule_publish", args=[e.pk]), follow=True)
    assert "There are no meetings to publish yet" in response.content.decode()
    e.refresh_from_db()
    assert e.schedule_published_at is None


def test_grid_scroll_region_is_focusable_and_named(client):
    e = event()
    filled_session(e, 4, tables=4, slots=3)
    client.force_login(e.organiser)
    html = client.get(reverse("events:schedule", args=[e.pk])).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="Meeting grid: slots by tables">' in html
    assert reverse("events:schedule_publish", args=[e.pk]) in html


@pytest.mark.parametrize(
    ("status", "stats", "shown", "not_shown"),
    [
        ("pending", {}, "waiting for a background worker", "at work"),
        ("done", {"meetings": 4, "idle_gaps": 0, "seconds": 1}, "Last run: 4 meetings", "at work"),
        ("skipped", {}, None, "at work"),
        ("failed", {}, "The last run failed", "at work"),
    ],
)
def test_schedule_page_says_running_only_while_a_run_runs(client, status, stats, shown, not_shown):
    e = event()
    session = filled_session(e, 4, tables=4, slots=3)
    ScheduleRun.objects.create(session=session, status=status, stats=stats)
    client.force_login(e.organiser)
    html = client.get(reverse("events:schedule", args=[e.pk])).content.decode()
    assert not_shown not in html
    assert ("waiting for a background worker" in html) == (status == "pending")
    if shown:
        assert shown in html
    assert ('http-equiv="refresh"' in html) == (status == "pending")


def test_a_finished_run_is_reported_as_finished_not_running(client, monkeypatch):
    from events import schedule

    e = event()
    session = services.add_session(event=e, start=e.start, end=e.start + timedelta(hours=1), slot_minutes=20, tables=4)
    # Without a broker and outside a test's transaction the run is done before the redirect.
    monkeypatch.setattr(
        schedule, "request_run", lambda session, requested_by, thorough: schedule.run_now(session=session)
    )
    client.force_login(e.organiser)
    response = client.post(reverse("events:schedule_run", args=[e.pk, session.pk]))
    assert response.url == reverse("events:schedule", args=[e.pk]) + f"?session={session.pk}"
    html = client.get(response.url).content.decode()
    assert "The scheduler placed 0 meetings." in html and "at work" not in html


def test_one_meeting_page_moves_and_locks_it(client):
    e = event()
    session = filled_session(e, 2, tables=3, slots=3)  # slot 0, tables 1 and 2
    meeting = Meeting.objects.get(session=session, table=2)
    client.force_login(e.organiser)
    url = reverse("events:meeting_change", args=[e.pk, meeting.pk])
    page = client.get(url).content.decode()
    assert page.count("<form") == 3  # language, log out, and the meeting's one form
    assert 'name="slot"' in page and 'value="move"' in page and 'value="lock"' in page
    response = client.post(url, {"action": "move", "slot": 2, "table": 3})
    assert response.url == reverse("events:schedule", args=[e.pk]) + f"?session={session.pk}&tables=1"
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (2, 3, True)
    client.post(url, {"action": "move", "slot": "x", "table": 3})
    client.post(url, {"action": "unlock"})
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (2, 3, False)


def _with_people(n):
    e = event(capacity=5000)
    crowd(e, n)
    crowd(e, max(n // 5, 1), status="waitlisted")
    return e


@pytest.mark.parametrize("name", ["events:check_in", "events:registrations", "events:report"])
def test_organiser_lists_run_the_same_queries_for_1_and_500_people(client, name):
    small, large = _with_people(1), _with_people(500)
    filled_session(small, 1, tables=10, slots=6)
    filled_session(large, 60, tables=10, slots=6)
    client.force_login(small.organiser)
    few, _ = _count(client, reverse(name, args=[small.pk]))
    client.force_login(large.organiser)
    many, response = _count(client, reverse(name, args=[large.pk]))
    assert many == few
    if name != "events:report":
        assert len(response.context["page"].object_list) == 50
        assert "Page 1 of" in response.content.decode()


def test_check_in_filters_pages_and_marks_back_to_the_same_list(client):
    e = _with_people(120)
    client.force_login(e.organiser)
    url = reverse("events:check_in", args=[e.pk])
    response = client.get(url, {"attendance": "unmarked", "page": 2})
    rows = list(response.context["page"])
    assert len(rows) == 50 and response.context["page"].number == 2
    assert "attendance=unmarked&amp;page=3" in response.content.decode()  # pages keep the filter
    target = rows[0]
    back = client.post(
        reverse("events:mark", args=[e.pk, target.pk]), {"present": "yes", "attendance": "unmarked", "page": 2}
    )
    assert back.url == url + "?attendance=unmarked&page=2"
    target.refresh_from_db()
    assert target.attended is True
    present = client.get(url, {"attendance": "present"}).context["page"]
    assert [r.pk for r in present] == [target.pk]
    found = client.get(url, {"q": target.person.full_name}).context["page"]
    assert [r.pk for r in found] == [target.pk]
    assert "1 present, 0 marked absent, 119 not yet marked." in client.get(url).content.decode()


def test_registrations_filter_by_status_and_name(client):
    e = _with_people(60)
    client.force_login(e.organiser)
    url = reverse("events:registrations", args=[e.pk])
    waiting = client.get(url, {"status": "waitlisted"}).context["page"]
    assert {r.status for r in waiting} == {"waitlisted"} and len(waiting) == 12
    one = Registration.objects.filter(event=e).last()
    found = client.get(url, {"q": one.person.full_name}).context["page"]
    assert [r.pk for r in found] == [one.pk]
    assert client.get(url).context["page"].paginator.count == 72
