"""A large company file is checked and imported by a worker; the page shows how far it is, a
double click imports once, and a failure says so and loses nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bsrstars.accounts.models import Organisation
from smes import importing
from smes.demo import _valid_id
from smes.models import CompanyImport, CompanyImportJob
from tests.factories import person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

HEADER = ",".join(importing.REQUIRED)


def _file(n: int) -> SimpleUploadedFile:
    rows = [
        f"Batch {i} AB,SE,{_valid_id('SE', 900 + i)},SE224,Lund,C20.15,12,1800000,950000,2017,Biochar,K,k{i}@x.example"
        for i in range(n)
    ]
    return SimpleUploadedFile("big.csv", "\n".join([HEADER, *rows, ""]).encode())


@pytest.fixture
def uploader(client, monkeypatch, eager_tasks):
    monkeypatch.setattr(importing, "INLINE_ROWS", 3)
    facilitator = person("facilitator", org_kind="partner")
    client.force_login(facilitator)
    return facilitator


def test_large_file_is_checked_then_imported_in_the_background_with_progress(
    client, uploader, django_capture_on_commit_callbacks
):
    company("Registered AB", business_id=_valid_id("SE", 900))  # the file's first row: matched, not imported
    with django_capture_on_commit_callbacks() as checks:
        response = client.post(reverse("smes:import"), {"file": _file(4)})
    batch = CompanyImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert batch.status == "checking"
    assert "Checking 4 rows" in page and "<progress" in page and 'http-equiv="refresh"' in page
    for callback in checks:
        callback()
    page = client.get(reverse("smes:import_preview", args=[batch.pk])).content.decode()
    assert "3 new, 1 already registered, 0 with errors." in page
    assert 'http-equiv="refresh"' not in page

    with django_capture_on_commit_callbacks() as imports:
        client.post(reverse("smes:import_confirm", args=[batch.pk]))
        client.post(reverse("smes:import_confirm", args=[batch.pk]))  # a double click
    assert CompanyImportJob.objects.filter(batch=batch, phase="import").count() == 1
    assert "Importing 3 companies" in client.get(reverse("smes:import_preview", args=[batch.pk])).content.decode()
    from django.core.cache import cache

    job = CompanyImportJob.objects.get(batch=batch, phase="import")
    cache.set(importing._progress_key(job.pk), 2)  # what the worker reports after two companies
    assert 'value="67"' in client.get(reverse("smes:import_preview", args=[batch.pk])).content.decode()
    assert not Organisation.objects.filter(name__startswith="Batch ").exists()
    for callback in imports:
        callback()
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert Organisation.objects.filter(name__startswith="Batch ").count() == 3


def test_a_failing_check_is_reported_and_imports_nothing(
    client, uploader, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(rows, progress=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "check_rows", broken)
    with django_capture_on_commit_callbacks() as checks:
        client.post(reverse("smes:import"), {"file": _file(4)})
    for callback in checks:
        callback()  # in-process, as in the embedded run: the task's error is logged, not raised
    batch = CompanyImport.objects.get()
    job = batch.jobs.get()
    assert (job.status, "disk full" in job.last_error) == ("failed", True)
    page = client.get(reverse("smes:import_preview", args=[batch.pk])).content.decode()
    assert "stopped with an error, and nothing was imported" in page
    assert not Organisation.objects.filter(name__startswith="Batch ").exists()


def test_rerunning_a_finished_job_does_nothing(client, uploader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("smes:import"), {"file": _file(4)})
    job = CompanyImportJob.objects.get()
    assert importing.run_job(job_id=job.pk) == "skipped"
