"""Large exports are made by a worker through the outbox: the page returns at once, shows
progress, and offers the file to the person who asked; small exports stay immediate."""

import io
import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from bsrstars.celery import app
from bsrstars.downloads import registry, services
from bsrstars.downloads.models import ExportJob
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from smes import selectors
from tests.factories import person
from tests.smes.factories import company

# The worker's side runs in-process here, with or without a broker (CI's second stage has one);
# tests/downloads/test_worker.py runs it in a real worker.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def companies():
    company("Open AB", employees=12, figures_public=True, contact_public=True, contact_email="open@open.example")
    company("Closed Oy", country="FI", region="FI197", employees=7, contact_email="closed@closed.example")
    company("Third AB", domains=("BIO.FOOD", "CIRC.WASTE"), description="Biochar")


@pytest.fixture
def facilitator(client):
    user = person("facilitator", org_kind="partner")
    client.force_login(user)
    return user


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_INLINE_ROWS = 2  # the three companies make a "large" export
    return settings


def _csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)


def _start(client, fmt="csv", query=None):
    url = reverse("smes:export", args=[fmt]) + (f"?{query}" if query else "")
    return client.post(url)


def test_small_export_stays_immediate(client, companies, facilitator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(reverse("smes:export", args=["csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="bsr-stars-smes-')
    assert sorted(_csv(response.content)["name"]) == ["Closed Oy", "Open AB", "Third AB"]
    assert (ExportJob.objects.count(), callbacks) == (0, [])


def test_large_export_asks_first_then_runs_in_the_worker_with_progress_and_the_same_file(
    client, companies, facilitator, small_limit, django_capture_on_commit_callbacks
):
    immediate = _csv(client.get(reverse("smes:export", args=["csv"]), {"country": "SE"}).content)  # 2 rows: at once

    page = client.get(reverse("smes:export", args=["csv"]))  # 3 rows: a page with the button, nothing written
    assert "This export has 3 rows." in page.content.decode() and 'method="post"' in page.content.decode()
    assert ExportJob.objects.count() == 0

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("smes:export", args=["csv"]) + "?country=SE&ordering=name&page=2")
        client.post(reverse("smes:export", args=["csv"]) + "?country=SE&ordering=name")  # a double click
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("downloads:job", args=[job.pk])
    assert job.params == {"query": "country=SE&ordering=name"}
    html = client.get(response["Location"]).content.decode()
    assert "Waiting for a background worker" in html and "<progress" in html and 'http-equiv="refresh"' in html

    ExportJob.objects.filter(pk=job.pk).update(status=OutboxStatus.RUNNING, rows_total=4, rows_done=1)
    assert 'value="25"' in client.get(response["Location"]).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(status=OutboxStatus.PENDING, rows_total=0, rows_done=0)

    for callback in callbacks:
        callback()  # the worker (eager here)
    job.refresh_from_db()
    assert (job.status, job.rows_total, job.rows_done) == (OutboxStatus.DONE, 2, 2)
    html = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in html and reverse("downloads:download", args=[job.pk]) in html
    download = client.get(reverse("downloads:download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="bsr-stars-smes-')
    assert download["Cache-Control"] == "private, no-store"
    from_worker = _csv(b"".join(download.streaming_content))
    assert from_worker.to_dict("records") == immediate.to_dict("records")
    assert list(from_worker["name"]) == ["Open AB", "Third AB"]
    assert Path(job.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))


def test_xlsx_from_the_worker_keeps_text_as_text(client, facilitator, small_limit, django_capture_on_commit_callbacks):
    for name in ("=1+1", "@SUM(A1)", "Plain AB"):
        company(name)
    with django_capture_on_commit_callbacks(execute=True):
        _start(client, "xlsx")
    job = ExportJob.objects.get()
    content = b"".join(client.get(reverse("downloads:download", args=[job.pk])).streaming_content)
    import zipfile

    assert "<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert sorted(pd.read_excel(io.BytesIO(content), dtype=str)["name"]) == ["=1+1", "@SUM(A1)", "Plain AB"]


def test_only_the_person_who_asked_sees_the_job_and_the_file(
    client, companies, facilitator, small_limit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _start(client)
    job = ExportJob.objects.get()
    for other in (person("facilitator", org_kind="partner"), person("programme_admin")):
        client.force_login(other)
        assert client.get(reverse("downloads:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("downloads:download", args=[job.pk])).status_code == 404
        assert "You have no downloads." in client.get(reverse("downloads:list")).content.decode()


def test_the_worker_streams_values_in_chunks_with_a_flat_query_count(companies, facilitator):
    queryset = selectors.exportable(facilitator)
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.export_rows(facilitator, queryset, chunk_size=2))
    assert [row["name"] for row in rows] == ["Closed Oy", "Open AB", "Third AB"]
    assert rows[2]["s3_domains"] == "BIO.FOOD;CIRC.WASTE"
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any("offer_domains" in q or "need_domains" in q or "smeprofile_need" in q for q in sql)
    assert len(sql) <= 1 + 2 + 2  # the values query (and the user's roles), one domain query per chunk


def test_private_fields_stay_blank_for_an_authority(client, companies):
    authority = person("regional_authority", "SE224", org_kind="regional_authority")
    rows = {r["name"]: r for r in selectors.export_rows(authority, selectors.exportable(authority))}
    assert sorted(rows) == ["Open AB", "Third AB"]  # own region only
    assert (rows["Open AB"]["contact_email"], rows["Open AB"]["employees"]) == ("open@open.example", 12)
    assert (rows["Third AB"]["contact_email"], rows["Third AB"]["employees"]) == ("", "")


def test_a_failing_export_says_so_and_leaves_no_file(
    client, companies, facilitator, small_limit, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(user, organisations, **kwargs):
        yield {"name": "first"}
        raise RuntimeError("disk full")

    monkeypatch.setattr(selectors, "export_rows", broken)
    with django_capture_on_commit_callbacks() as callbacks:
        _start(client)
    for callback in callbacks:
        callback()  # in-process, as in the embedded run: the task's error is logged, not raised
    job = ExportJob.objects.get()
    assert (job.status, "disk full" in job.last_error, bool(job.file)) == (OutboxStatus.FAILED, True, False)
    assert list((Path(settings.PRIVATE_MEDIA_ROOT) / "exports").glob(f"{job.pk}-{job.token}*")) == []
    assert "could not be made" in client.get(reverse("downloads:job", args=[job.pk])).content.decode()
    assert client.get(reverse("downloads:download", args=[job.pk])).status_code == 404


def test_the_worker_checks_permission_again(client, companies, facilitator, small_limit):
    job = services.request_export(kind="smes.directory", fmt="csv", params={}, user=person())  # no export role
    with pytest.raises(services.ExportRefused):
        services.build_export(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, bool(job.file)) == (OutboxStatus.FAILED, False)


def test_rerunning_a_finished_job_does_nothing(client, companies, facilitator, small_limit):
    job = services.request_export(kind="smes.directory", fmt="csv", params={}, user=facilitator)
    assert services.build_export(job_id=job.pk) == OutboxStatus.DONE
    assert services.build_export(job_id=job.pk) == "skipped"


def test_broker_outage_delays_the_export_but_loses_nothing(
    client, companies, facilitator, small_limit, eager_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(app.tasks["downloads.build_export"], "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client)
    assert response.status_code == 302  # the page answered at once
    job = ExportJob.objects.get()
    assert job.status == OutboxStatus.PENDING
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_GRACE_SECONDS + 60)
    assert outbox.sweep(now=later) == 0  # still down: the row waits
    monkeypatch.undo()
    assert outbox.sweep(now=later) == 1
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (OutboxStatus.DONE, 3)
    assert client.get(reverse("downloads:download", args=[job.pk])).status_code == 200


def test_old_exports_are_deleted_with_their_files(client, companies, facilitator, small_limit):
    old = services.request_export(kind="smes.directory", fmt="csv", params={}, user=facilitator)
    services.build_export(job_id=old.pk)
    old.refresh_from_db()
    path = Path(old.file.path)
    fresh = services.request_export(kind="smes.directory", fmt="xlsx", params={}, user=facilitator)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    orphan = path.with_name("999999-gone.csv")  # its row went with a deleted account
    orphan.write_text("name\n")
    os.utime(orphan, (time.time() - 25 * 3600,) * 2)
    assert services.delete_expired() == 1
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not path.exists() and not orphan.exists()


def test_beat_deletes_expired_exports_every_hour():
    schedule = settings.CELERY_BEAT_SCHEDULE["downloads-delete-expired-hourly"]
    assert schedule["task"] == "downloads.delete_expired"
    assert "downloads.delete_expired" in app.tasks


def test_every_registered_export_names_a_known_shape():
    for kind in registry.kinds():
        export = registry.get(kind)
        assert (export.rows is None) != (export.render is None), kind
        assert export.render is not None or export.count is not None, kind


def test_deleting_the_account_deletes_its_exports(client, companies, facilitator, small_limit):
    from bsrstars.accounts.privacy import delete_account, export_personal_data

    job = services.request_export(kind="smes.directory", fmt="csv", params={}, user=facilitator)
    services.build_export(job_id=job.pk)
    job.refresh_from_db()
    path = Path(job.file.path)
    assert [row["title"] for row in export_personal_data(user=facilitator)["downloads"]] == ["SME directory"]
    from bsrstars.accounts.models import Membership

    Membership.objects.filter(user=facilitator).update(is_admin=False)  # not the last admin of anything
    delete_account(user=facilitator)
    assert (ExportJob.objects.count(), path.exists()) == (0, False)


def test_the_downloads_list_has_a_flat_query_count(client, companies, facilitator, small_limit):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("downloads:list"))
        return len(ctx.captured_queries), len(re.findall(r'href="/downloads/\d+/"', response.content.decode()))

    services.request_export(kind="smes.directory", fmt="csv", params={}, user=facilitator)
    one, shown_one = queries()
    for fmt in ("xlsx", "csv", "xlsx", "csv"):
        job = services.request_export(kind="smes.directory", fmt=fmt, params={"query": fmt}, user=facilitator)
        services.build_export(job_id=job.pk)
    many, shown_many = queries()
    assert (shown_one, shown_many) == (1, 5)
    assert many == one
