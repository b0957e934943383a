"""With a real broker and a real `celery worker` (CI's PostgreSQL + Redis run): a large export
asked for while the broker is down answers at once, waits, and is made once the broker is back."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bsrstars.downloads.models import ExportJob
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from tests.conftest import running_worker, session_database_url, wait_for
from tests.factories import person
from tests.smes.factories import company
from tests.test_celery_worker import _answers, own_broker  # noqa: F401 -- the fixture, reused

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _status(pk):
    return ExportJob.objects.get(pk=pk).status


def test_broker_down_the_export_page_answers_and_the_file_is_made_when_it_is_back(
    client,
    reference_data,
    own_broker,  # noqa: F811 -- the fixture
):
    for name in ("Alpha AB", "Beta AB", "Gamma AB"):
        company(name)
    client.force_login(person("facilitator", org_kind="partner"))
    own_broker.freeze()  # connections hang instead of being refused

    response = _answers(lambda: client.post(reverse("smes:export", args=["csv"])))
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("downloads:job", args=[job.pk])
    assert (job.status, job.attempts) == (OutboxStatus.PENDING, 0)

    own_broker.stop()
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_GRACE_SECONDS + 60)
    assert _answers(lambda: outbox.sweep(now=later)) == 0
    assert _status(job.pk) == OutboxStatus.PENDING

    own_broker.start()
    assert outbox.sweep(now=later) == 1
    assert outbox.sweep(now=later) == 1  # published twice before a worker reads the queue
    with running_worker(session_database_url(), queue=own_broker.queue):
        assert wait_for(lambda: _status(job.pk) == OutboxStatus.DONE), _status(job.pk)
        assert wait_for(lambda: own_broker.queue_length(own_broker.queue) == 0)
    job.refresh_from_db()
    assert job.rows_done == 3
    content = b"".join(client.get(reverse("downloads:download", args=[job.pk])).streaming_content).decode()
    assert content.splitlines()[1:] and [line.split(",")[0] for line in content.splitlines()[1:]] == [
        "Alpha AB",
        "Beta AB",
        "Gamma AB",
    ]
