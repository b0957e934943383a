"""The reviewers' applications export: more than EXPORT_INLINE_ROWS rows are made in a worker,
with the list's filters, and come out as the immediate export would."""

import pytest
from django.urls import reverse

from bsrstars.downloads.models import ExportJob
from bsrstars.outbox.models import OutboxStatus
from tests.coaching import factories as f

pytestmark = pytest.mark.django_db


def test_a_large_applications_export_runs_in_the_worker_with_the_filters(
    client, settings, eager_tasks, django_capture_on_commit_callbacks
):
    the_call = f.call()
    for _ in range(3):
        f.application(the_call)
    reviewer = f.reviewer()
    client.force_login(reviewer)
    url = reverse("coaching:review_export", args=["csv"]) + f"?call={the_call.pk}"
    immediate = client.get(url).content
    settings.EXPORT_INLINE_ROWS = 2
    assert "This export has 3 rows." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("downloads:job", args=[job.pk])
    assert (job.status, job.rows_done, job.params) == (OutboxStatus.DONE, 3, {"query": f"call={the_call.pk}"})
    download = client.get(reverse("downloads:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == immediate
    client.force_login(f.reviewer())  # another reviewer: not their file
    assert client.get(reverse("downloads:download", args=[job.pk])).status_code == 404
