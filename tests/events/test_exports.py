"""Events' downloads: a large event's meetings and an agenda longer than a page are made in a
worker (bsrstars.downloads); small ones stay in the request."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from bsrstars.downloads.models import ExportJob
from bsrstars.outbox.models import OutboxStatus
from events import exports, printing
from events import schedule as sched
from tests.events.test_schedule import _run, setup  # noqa: F401 -- the fixture, reused
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_large_meeting_export_runs_in_the_worker_and_matches_the_immediate_one(
    client,
    setup,  # noqa: F811 -- the fixture imported above
    settings,
    eager_tasks,
    django_capture_on_commit_callbacks,  # noqa: F811 -- the fixture
):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    client.force_login(e.organiser)
    url = reverse("events:report_export", args=[e.pk, "csv"])
    immediate = client.get(url).content
    settings.EXPORT_INLINE_ROWS = 3  # five meetings: now a large export
    assert "This export has 5 rows." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert (response["Location"], job.status, job.rows_done) == (
        reverse("downloads:job", args=[job.pk]),
        OutboxStatus.DONE,
        5,
    )
    assert e.title in client.get(response["Location"]).content.decode()
    content = b"".join(client.get(reverse("downloads:download", args=[job.pk])).streaming_content)
    assert content == immediate
    assert len(pd.read_csv(io.BytesIO(content))) == 5
    client.force_login(regs[0].person)
    assert client.get(reverse("downloads:download", args=[job.pk])).status_code == 404


def test_an_agenda_longer_than_a_page_is_made_in_the_worker(
    client,
    setup,  # noqa: F811 -- the fixture imported above
    monkeypatch,
    eager_tasks,
    django_capture_on_commit_callbacks,  # noqa: F811 -- the fixture
):
    e, session, regs = setup
    _run(session, e.organiser, django_capture_on_commit_callbacks)
    sched.publish(event=e)
    client.force_login(regs[0].person)  # three meetings
    url = reverse("events:agenda_pdf", args=[e.pk])
    assert client.get(url)["Content-Type"] == "application/pdf"  # one page: at once
    assert ExportJob.objects.count() == 0
    monkeypatch.setattr(exports, "AGENDA_ROWS_ON_A_PAGE", 2)
    page = client.get(url)
    assert page["Content-Type"].startswith("text/html") and 'method="post"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    job = ExportJob.objects.get()
    assert (job.status, job.fmt, job.kind) == (OutboxStatus.DONE, "pdf", exports.AGENDA)
    download = client.get(reverse("downloads:download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert job.params["check_in"].endswith(f"/events/{e.pk}/check-in/?r={regs[0].pk}")
    client.force_login(regs[1].person)
    assert client.get(reverse("downloads:job", args=[job.pk])).status_code == 404


def _row(i, start):
    organisation = SimpleNamespace(name=f"Partner Company {i} Aktiebolag", country=SimpleNamespace(name="Sweden"))
    profiles = [SimpleNamespace(get_kind_display=lambda: "Offer", title="Pilot-scale fermentation and testing")] * 2
    partner = SimpleNamespace(
        person=SimpleNamespace(get_full_name=lambda: "Kim Participant"),
        organisation=organisation,
        profiles=SimpleNamespace(all=lambda: profiles),
    )
    return {"start": start, "end": start + timedelta(minutes=20), "table": i, "partner": partner}


def test_the_agenda_rows_counted_as_one_page_fit_on_one_page(setup):  # noqa: F811 -- the fixture
    e, session, regs = setup
    start = timezone.now()
    rows = [_row(i, start + timedelta(minutes=20 * i)) for i in range(exports.AGENDA_ROWS_ON_A_PAGE)]
    kwargs = {"event": e, "registration": regs[0], "check_in": "https://portal.example/c?r=1"}
    assert printing.agenda_pages(rows=rows, **kwargs) == 1
    assert printing.agenda_pages(rows=rows * 2, **kwargs) > 1


def test_someone_not_registered_cannot_start_an_agenda(client, setup):  # noqa: F811 -- the fixture
    e, session, regs = setup
    client.force_login(person())
    assert client.post(reverse("events:agenda_pdf", args=[e.pk])).status_code == 403
    assert ExportJob.objects.count() == 0


def test_meetings_export_streams_in_time_order_across_interleaved_sessions():
    """Two sessions whose slots interleave (09:00, 09:20 … and 09:10, 09:30 …): the streamed rows
    come in start and table order over both, every meeting once, as the sorted list did."""
    from events import selectors, services
    from events.models import Meeting, MeetingRequest
    from tests.events.factories import crowd, event

    e = event(capacity=100)
    first = services.add_session(event=e, start=e.start, end=e.start + timedelta(minutes=80), slot_minutes=20, tables=2)
    second = services.add_session(
        event=e, start=e.start + timedelta(minutes=10), end=e.start + timedelta(minutes=90), slot_minutes=20, tables=2
    )
    people = crowd(e, 40)
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(event=e, sender=people[i], recipient=people[i + 20], status="accepted") for i in range(16)
    )
    # Written out of order on purpose: slot 3 first, tables reversed.
    cells = [(session, slot, table) for session in (first, second) for slot in (3, 2, 1, 0) for table in (2, 1)]
    Meeting.objects.bulk_create(
        Meeting(session=s, request=r, slot=slot, table=table) for (s, slot, table), r in zip(cells, requests)
    )
    rows = selectors.report_rows(e)
    assert not isinstance(rows, list)  # a stream, not every row built first
    rows = list(rows)
    assert len(rows) == 16
    keys = [(row["start"], row["table"]) for row in rows]
    assert keys == sorted(keys)
    assert len({row["start"] for row in rows}) == 8  # four slots of each session, interleaved
