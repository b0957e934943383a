"""With a real broker and worker (CI's PostgreSQL + Redis run): the PDF is made by the worker."""

import pytest

from bsrstars.outbox.models import OutboxStatus
from policy import services
from policy.models import Rendition
from tests.conftest import wait_for
from tests.policy.factories import draft

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _status(pk):
    return Rendition.objects.get(pk=pk).status


def test_worker_renders_the_pdf(reference_data, celery_worker_process):
    version = draft()
    rendition = services.request_rendering(version=version, by=version.brief.author)
    assert wait_for(lambda: _status(rendition.pk) == OutboxStatus.DONE, timeout=120), _status(rendition.pk)
    rendition.refresh_from_db()
    assert rendition.pages >= 3 and rendition.file.read().startswith(b"%PDF")
