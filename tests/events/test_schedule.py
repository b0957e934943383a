from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from events import requests as req
from events import schedule as sched
from events import services
from events.models import Meeting, ScheduleRun
from tests.events.factories import event, local_day
from tests.factories import person

pytestmark = pytest.mark.django_db
VILNIUS = ZoneInfo("Europe/Vilnius")


@pytest.fixture
def setup():
    day = local_day("Europe/Vilnius")
    e = event(tz="Europe/Vilnius", start=day, end=day + timedelta(hours=8), registration_closes=day - timedelta(days=1))
    session = services.add_session(
        event=e, start=day + timedelta(hours=1), end=day + timedelta(hours=2), slot_minutes=20, tables=2
    )  # 3 slots x 2 tables
    regs = [
        services.register(event=e, person=p, organisation=p.memberships.get().organisation)
        for p in [person() for _ in range(4)]
    ]
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3)]
    for a, b in pairs:
        r = req.send_request(sender=regs[a], recipient=regs[b])
        req.accept_request(request=r, by=regs[b])
    return e, session, regs


def _run(session, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = sched.request_run(session=session, requested_by=user)
    run.refresh_from_db()
    return run


def _valid(session):
    meetings = list(Meeting.objects.filter(session=session).select_related("request"))
    cells = {(m.slot, m.table) for m in meetings}
    assert len(cells) == len(meetings)
    busy = set()
    for m in meetings:
        for reg in (m.request.sender_id, m.request.recipient_id):
            assert (reg, m.slot) not in busy
            busy.add((reg, m.slot))
    return meetings


def test_run_schedules_accepted_requests_validly(setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    run = _run(session, e.organiser, django_capture_on_commit_callbacks)
    assert run.status == "done"
    meetings = _valid(session)
    assert len(meetings) == 5  # 3 slots x 2 tables hold all five
    assert run.stats["meetings"] == 5


def test_locked_meeting_stays_on_rerun_and_moves_are_checked(setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.filter(session=session).first()
    free = {(s, t) for s in range(3) for t in (1, 2)} - set(Meeting.objects.values_list("slot", "table"))
    taken = Meeting.objects.exclude(pk=meeting.pk).first()
    with pytest.raises(ValidationError, match="table is taken"):
        sched.move_meeting(meeting=meeting, slot=taken.slot, table=taken.table)
    if free:
        slot, table = sorted(free)[0]
        clash = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk).select_related("request")
        people = {meeting.request.sender_id, meeting.request.recipient_id}
        if not any(people & {m.request.sender_id, m.request.recipient_id} for m in clash):
            sched.move_meeting(meeting=meeting, slot=slot, table=table)
    sched.set_locked(meeting=meeting, locked=True)
    meeting.refresh_from_db()
    where = (meeting.slot, meeting.table)
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (*where, True)
    _valid(session)


def test_broker_outage_delays_the_run_but_loses_nothing(
    setup, eager_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    from bsrstars.celery import app
    from bsrstars.outbox import services as outbox

    e, session, regs = setup
    monkeypatch.setattr(
        app.tasks["events.run_schedule"],
        "apply_async",
        lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError("broker down")),
    )
    run = _run(session, e.organiser, django_capture_on_commit_callbacks)
    assert run.status == "pending" and not Meeting.objects.exists()
    monkeypatch.undo()
    outbox.sweep(now=run.status_changed_at + timedelta(minutes=5))
    run.refresh_from_db()
    assert run.status == "done" and Meeting.objects.count() == 5


def test_publish_notifies_and_agenda_shows_event_times(client, setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    client.force_login(regs[0].person)
    assert "not published" in client.get(reverse("events:agenda", args=[e.pk])).content.decode()
    assert sched.publish(event=e) == 4
    assert regs[0].person.notifications.filter(kind="schedule", payload__change="published").count() == 1
    response = client.get(reverse("events:agenda", args=[e.pk]))
    rows = response.context["rows"]
    assert len(rows) == 3  # participant 0 meets 1, 2 and 3
    starts = sorted(r["start"].astimezone(VILNIUS).strftime("%H:%M") for r in rows)
    assert starts == ["10:00", "10:20", "10:40"]
    assert "10:00" in response.content.decode()
    ics = Calendar.from_ical(client.get(reverse("events:agenda_ics", args=[e.pk])).content)
    entries = [c for c in ics.walk() if c.name == "VEVENT"]
    assert len(entries) == 3
    assert sorted(c.decoded("dtstart").astimezone(VILNIUS).strftime("%H:%M") for c in entries) == starts
    assert all("Meeting with" in str(c.get("summary")) for c in entries)


def test_changes_after_publishing_notify_those_affected(setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    sched.publish(event=e)
    spots = [(s, t) for s in range(3) for t in (1, 2)]
    for meeting in Meeting.objects.select_related("request"):
        people = {meeting.request.sender_id, meeting.request.recipient_id}
        for slot, table in spots:
            others = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk).select_related("request")
            if (
                (slot, table) != (meeting.slot, meeting.table)
                and not others.filter(table=table).exists()
                and not any(people & {o.request.sender_id, o.request.recipient_id} for o in others)
            ):
                sched.move_meeting(meeting=meeting, slot=slot, table=table)
                changed = [r for r in regs if r.person.notifications.filter(payload__change="changed").exists()]
                assert {r.pk for r in changed} == people
                return
    pytest.fail("5 meetings in 6 cells: at least the meeting beside the free cell can move to it")


def test_schedule_pages_only_for_the_events_editors(client, setup):
    e, session, regs = setup
    other_facilitator = person("facilitator", org_kind="partner")
    for user, expected in ((e.organiser, 200), (other_facilitator, 403), (regs[0].person, 403)):
        client.force_login(user)
        assert client.get(reverse("events:schedule", args=[e.pk])).status_code == expected
        response = client.post(reverse("events:schedule_run", args=[e.pk, session.pk]))
        assert response.status_code == (302 if expected == 200 else 403)
    assert ScheduleRun.objects.count() == 1


def test_agenda_only_for_participants_and_organisers(client, setup):
    e, session, regs = setup
    for user, expected in ((regs[1].person, 200), (person(), 403), (e.organiser, 200)):
        client.force_login(user)
        assert client.get(reverse("events:agenda", args=[e.pk])).status_code == expected


def test_check_in_feeds_the_kpis_and_no_shows_are_told(setup, eager_tasks, django_capture_on_commit_callbacks):
    from bsrstars import kpis

    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    for r in regs[:3]:
        services.mark_attendance(registration=r, present=True)
    services.mark_attendance(registration=regs[3], present=False)
    engaged = kpis.registry.compute("events.smes")
    assert engaged.total == 3
    held = kpis.registry.compute("events.meetings")
    assert held.total == 3  # the meetings among participants 0, 1 and 2
    partners_of_absent = {
        m.request.sender_id if m.request.recipient_id == regs[3].pk else m.request.recipient_id
        for m in Meeting.objects.select_related("request")
        if regs[3].pk in (m.request.sender_id, m.request.recipient_id)
    }
    told = {r.pk for r in regs if r.person.notifications.filter(kind="no_show").exists()}
    assert told == partners_of_absent


def test_check_in_page_finds_people_and_marks_them(client, setup):
    e, session, regs = setup
    client.force_login(e.organiser)
    name = regs[0].person.full_name
    response = client.get(reverse("events:check_in", args=[e.pk]), {"q": name})
    assert [r.pk for r in response.context["rows"]] == [regs[0].pk]
    client.post(reverse("events:mark", args=[e.pk, regs[0].pk]), {"present": "yes"})
    regs[0].refresh_from_db()
    assert regs[0].attended is True
    client.force_login(regs[1].person)
    assert client.post(reverse("events:mark", args=[e.pk, regs[0].pk]), {"present": "no"}).status_code == 403


def test_command_schedules_a_real_event(setup):
    import io

    from django.core.management import call_command

    e, session, regs = setup
    out = io.StringIO()
    call_command("schedule_meetings", event=e.pk, stdout=out)
    assert "5 meetings (done)" in out.getvalue()
    assert Meeting.objects.filter(session=session).count() == 5


def test_api_shows_events_and_only_the_callers_requests_and_agenda(
    setup, eager_tasks, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    sched.publish(event=e)
    api = APIClient()
    api.force_authenticate(regs[3].person)
    assert [row["id"] for row in api.get("/api/v1/events/", {"when": "all"}).json()["results"]] == [e.pk]
    mine = api.get("/api/v1/my-meeting-requests/").json()["results"]
    assert len(mine) == 2  # participant 3 is in the pairs (0, 3) and (2, 3) only
    agenda = api.get(f"/api/v1/events/{e.pk}/agenda/").json()
    assert len(agenda) == 2
    assert [r["status"] for r in api.get("/api/v1/my-registrations/").json()["results"]] == ["registered"]
    outsider = APIClient()
    outsider.force_authenticate(person())
    assert outsider.get(f"/api/v1/events/{e.pk}/agenda/").json() == []
    assert outsider.get("/api/v1/my-meeting-requests/").json()["results"] == []


def test_blocked_slots_are_respected_by_runs_and_moves(client, setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    client.force_login(regs[0].person)
    client.post(reverse("events:availability", args=[e.pk]), {"blocked": [f"{session.pk}:0"]})
    regs[0].refresh_from_db()
    assert regs[0].blocked_slots == [f"{session.pk}:0"]
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    mine = Meeting.objects.filter(session=session).filter(request__sender=regs[0]) | Meeting.objects.filter(
        session=session, request__recipient=regs[0]
    )
    assert mine.exists()
    assert all(m.slot != 0 for m in mine)
    with pytest.raises(ValidationError, match="not available"):
        sched.move_meeting(meeting=mine.first(), slot=0, table=2)
    response = client.post(reverse("events:availability", args=[e.pk]), {"blocked": ["999:0"]}, follow=True)
    assert "Unknown slots" in response.content.decode()


def test_calendar_feed_behind_a_revocable_secret_link(client, setup, eager_tasks, django_capture_on_commit_callbacks):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    sched.publish(event=e)
    client.force_login(regs[0].person)
    client.post(reverse("events:agenda_feed_new", args=[e.pk]))
    regs[0].refresh_from_db()
    first = regs[0].calendar_token
    client.logout()  # calendar apps do not log in
    feed = Calendar.from_ical(client.get(reverse("events:agenda_feed", args=[first])).content)
    assert len([c for c in feed.walk() if c.name == "VEVENT"]) == 3
    client.force_login(regs[0].person)
    client.post(reverse("events:agenda_feed_new", args=[e.pk]))
    client.logout()
    assert client.get(reverse("events:agenda_feed", args=[first])).status_code == 404


def test_meetings_are_rated_by_their_participants_after_they_took_place(
    setup, eager_tasks, django_capture_on_commit_callbacks
):
    from events.models import MeetingOutcome

    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.select_related("request", "session").filter(request__sender=regs[0]).first()
    start, _end = session.slots()[meeting.slot]
    with pytest.raises(ValidationError, match="once it has taken place"):
        services.rate_meeting(meeting=meeting, registration=regs[0], outcome="follow_up", now=start - timedelta(1))
    services.rate_meeting(meeting=meeting, registration=regs[0], outcome="follow_up", now=start)
    services.rate_meeting(meeting=meeting, registration=regs[0], outcome="cooperation", now=start)
    assert list(MeetingOutcome.objects.values_list("outcome", flat=True)) == ["cooperation"]
    outsider = next(r for r in regs if r.pk not in (meeting.request.sender_id, meeting.request.recipient_id))
    with pytest.raises(ValidationError, match="your own meetings"):
        services.rate_meeting(meeting=meeting, registration=outsider, outcome="follow_up", now=start)


def test_outcome_kpis_count_rated_meetings_by_type(setup, eager_tasks, django_capture_on_commit_callbacks):
    from bsrstars import kpis

    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    meetings = list(Meeting.objects.select_related("request", "session"))
    late = session.end
    services.rate_meeting(meeting=meetings[0], registration=meetings[0].request.sender, outcome="cooperation", now=late)
    services.rate_meeting(
        meeting=meetings[0], registration=meetings[0].request.recipient, outcome="cooperation", now=late
    )
    services.rate_meeting(meeting=meetings[1], registration=meetings[1].request.sender, outcome="no_interest", now=late)
    assert kpis.registry.compute("events.outcomes.cooperation").total == 1  # one meeting, rated by both sides
    assert kpis.registry.compute("events.outcomes.no_interest").total == 1
    assert kpis.registry.compute("events.outcomes.joint_project").total == 0


def test_event_report_and_export(client, setup, eager_tasks, django_capture_on_commit_callbacks):
    import io

    import pandas as pd

    from bsrstars.accounts.models import Organisation

    e, session, regs = setup
    Organisation.objects.filter(pk=regs[1].organisation_id).update(country="LT")
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    for r in regs[:3]:
        services.mark_attendance(registration=r, present=True)
    services.mark_attendance(registration=regs[3], present=False)
    held = Meeting.objects.filter(request__sender__attended=True, request__recipient__attended=True).select_related(
        "request", "session"
    )
    services.rate_meeting(meeting=held[0], registration=held[0].request.sender, outcome="follow_up", now=session.end)
    client.force_login(e.organiser)
    figures = client.get(reverse("events:report", args=[e.pk])).context["figures"]
    assert (figures["registered"], figures["attended"], figures["absent"]) == (4, 3, 1)
    assert (figures["scheduled"], figures["held"]) == (5, 3)
    assert figures["cross_border_share"] == round(100 * 2 / 3, 1)  # participant 1 (LT) meets 0 and 2 (SE)
    assert dict(figures["outcomes"])["Follow-up planned"] == 1
    csv = pd.read_csv(io.StringIO(client.get(reverse("events:report_export", args=[e.pk, "csv"])).content.decode()))
    assert len(csv) == 5 and csv["held"].sum() == 3
    client.force_login(regs[0].person)
    assert client.get(reverse("events:report", args=[e.pk])).status_code == 403


def test_printable_agenda_is_a_pdf_with_times_partners_and_a_check_in_code(
    client, setup, eager_tasks, django_capture_on_commit_callbacks
):
    from events import printing, selectors

    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    url = reverse("events:agenda_pdf", args=[e.pk])
    client.force_login(regs[0].person)
    assert client.get(url).status_code == 404  # not published yet
    sched.publish(event=e)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    html = printing.agenda_html(
        event=e, registration=regs[0], rows=selectors.agenda_rows(e, regs[0]), check_in="https://x.test/c?r=1"
    )
    assert "10:00" in html and "10:40" in html  # Vilnius times whatever the reader's zone
    assert regs[1].organisation.name in html and "<svg" in html
    client.force_login(person())
    assert client.get(url).status_code == 403
    client.force_login(e.organiser)  # organisers have no agenda of their own to print
    assert client.get(url).status_code == 403


def test_scanning_the_agenda_code_opens_that_participant_at_the_check_in_desk(
    client, setup, eager_tasks, django_capture_on_commit_callbacks
):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    sched.publish(event=e)
    client.force_login(regs[2].person)
    page = client.get(reverse("events:agenda", args=[e.pk]))
    code_url = f"/events/{e.pk}/check-in/?r={regs[2].pk}"
    assert page.context["qr"].startswith("<svg")
    client.force_login(e.organiser)
    desk = client.get(code_url)
    assert [r.pk for r in desk.context["rows"]] == [regs[2].pk]
    client.post(reverse("events:mark", args=[e.pk, regs[2].pk]), {"present": "yes", "r": regs[2].pk})
    regs[2].refresh_from_db()
    assert regs[2].attended is True
    client.force_login(regs[0].person)
    assert client.get(code_url).status_code == 403  # a participant cannot check others in


def test_schedule_page_shows_a_running_schedulers_progress(client, setup):
    from django.utils import timezone

    e, session, regs = setup
    started = timezone.now() - timedelta(seconds=2)
    ScheduleRun.objects.create(
        session=session, status="running", stats={"started": started.isoformat(), "time_limit": 4.0, "requests": 5}
    )
    client.force_login(e.organiser)
    page = client.get(reverse("events:schedule", args=[e.pk]))
    assert 45 <= page.context["s"]["progress"] <= 99
    html = page.content.decode()
    assert "<progress" in html and "placing 5 accepted requests" in html
    assert 'http-equiv="refresh"' in html  # the page follows the run by itself


def test_organiser_is_told_when_tables_are_the_limit(client, setup, eager_tasks, django_capture_on_commit_callbacks):
    from events.models import MatchmakingSession

    e, session, regs = setup
    MatchmakingSession.objects.filter(pk=session.pk).update(tables=1)  # 3 slots x 1 table for 5 meetings
    session.refresh_from_db()
    run = _run(session, e.organiser, django_capture_on_commit_callbacks)
    assert run.stats["meetings"] == 3 and run.stats["tables_for_all"] == 2
    client.force_login(e.organiser)
    html = client.get(reverse("events:schedule", args=[e.pk])).content.decode()
    assert "The tables are the limit" in html and "at least 2 tables per slot" in html


def test_a_thorough_run_is_given_thirty_seconds_and_places_every_meeting(
    client, setup, eager_tasks, django_capture_on_commit_callbacks
):
    e, session, regs = setup
    client.force_login(e.organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:schedule_run", args=[e.pk, session.pk]), {"thorough": "yes"})
    run = ScheduleRun.objects.get()
    assert run.thorough and run.status == "done"
    assert run.stats["time_limit"] == 30.0 and run.stats["meetings"] == 5
