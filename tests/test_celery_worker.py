"""With a real broker and a real `celery worker` process (CI's PostgreSQL + Redis run)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from bsrstars.celery import app
from bsrstars.notifications.models import Notification
from bsrstars.notifications.services import notify
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _status(pk):
    return Notification.objects.get(pk=pk).status


def test_worker_delivers_notification_email(celery_worker_process):
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "Worker"})
    assert wait_for(lambda: _status(notification.pk) == OutboxStatus.DONE), _status(notification.pk)


def test_broker_outage_then_sweep_delivers_through_worker(celery_worker_process, monkeypatch):
    task = app.tasks["notifications.send_email"]

    def refuse(*args, **kwargs):
        raise BrokerDown("Connection refused")

    monkeypatch.setattr(task, "apply_async", refuse)
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "Later"})
    assert _status(notification.pk) == OutboxStatus.PENDING
    monkeypatch.undo()
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=5)) == 1
    assert wait_for(lambda: _status(notification.pk) == OutboxStatus.DONE), _status(notification.pk)
