"""With a real broker and a real `celery worker` process (CI's PostgreSQL + Redis run). The
outage tests take down a Redis of their own, so the rest of the run keeps its broker."""

import os
import signal
import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bsrstars.accounts.models import Membership
from bsrstars.celery import app
from bsrstars.notifications.models import Notification
from bsrstars.notifications.services import notify
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from tests.conftest import running_worker, session_database_url, wait_for
from tests.factories import UserFactory, person
from tests.outage import OwnRedis, SMTPServer

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _status(pk):
    return Notification.objects.get(pk=pk).status


def test_worker_delivers_notification_email(celery_worker_process):
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "Worker"})
    assert wait_for(lambda: _status(notification.pk) == OutboxStatus.DONE), _status(notification.pk)


@pytest.fixture
def own_broker():
    """A Redis of this test's own, which the portal publishes to (and its workers read) until
    the test ends; the test freezes, stops and starts it to make a real outage."""
    redis = OwnRedis()
    redis.start()
    redis.queue = f"outage-{uuid.uuid4().hex[:8]}"
    previous = os.environ.get("CELERY_BROKER_URL"), app.conf.task_default_queue
    os.environ["CELERY_BROKER_URL"] = redis.url  # Celery reads this before its own setting
    app.conf.task_default_queue = redis.queue
    _forget_broker_connections()
    yield redis
    if previous[0] is None:
        os.environ.pop("CELERY_BROKER_URL")
    else:
        os.environ["CELERY_BROKER_URL"] = previous[0]
    app.conf.task_default_queue = previous[1]
    _forget_broker_connections()
    redis.stop()


def _forget_broker_connections():
    app._pool = None  # noqa: SLF001 -- the next publish connects to the broker named now
    app.amqp._producer_pool = None  # noqa: SLF001


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.close()


def _worker(broker, smtp):
    return running_worker(
        session_database_url(),
        queue=broker.queue,
        settings_module="tests.worker_settings",
        env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"},
    )


def _answers(call, within=30):
    """`call()`'s result, failing (not hanging) if it is still waiting after `within` seconds:
    with the broker down a request must give up publishing, not retry until the broker is back."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), f"still waiting for the broker after {within} s"
    return outcome["value"]


def test_broker_down_the_request_answers_the_row_waits_and_is_sent_once_when_it_is_back(
    client, reference_data, own_broker, smtp
):
    admin = person(email="admin@example.test")
    organisation = Membership.objects.get(user=admin).organisation
    client.force_login(UserFactory())
    own_broker.freeze()  # the worst outage: connections hang instead of being refused

    url = reverse("accounts:request_membership", args=[organisation.pk])
    response = _answers(lambda: client.post(url, {"message": "Hello"}))
    assert response.status_code == 302  # the request was taken; only its email waits
    notification = Notification.objects.get(recipient=admin, kind="membership_requested")
    assert (notification.status, notification.attempts) == (OutboxStatus.PENDING, 0)

    own_broker.stop()  # now refused
    later = timezone.now() + timedelta(seconds=settings.OUTBOX_GRACE_SECONDS + 60)
    assert _answers(lambda: outbox.sweep(now=later)) == 0  # due, but the broker is still down
    assert _status(notification.pk) == OutboxStatus.PENDING

    own_broker.start()
    # Two sweeps before a worker reads the queue: the task is published twice.
    assert outbox.sweep(now=later) == 1
    assert outbox.sweep(now=later) == 1
    assert own_broker.queue_length(own_broker.queue) == 2
    with _worker(own_broker, smtp):
        assert wait_for(lambda: _status(notification.pk) == OutboxStatus.DONE), _status(notification.pk)
        assert wait_for(lambda: own_broker.queue_length(own_broker.queue) == 0)
    assert len(smtp.messages) == 1  # however often it was published, the email went out once
    assert b"admin@example.test" in smtp.messages[0]


def test_a_worker_killed_while_sending_leaves_the_row_to_be_retried(own_broker, smtp):
    smtp.hold()  # the first delivery hangs on a mail server that does not answer
    recipient = UserFactory(email="patient@example.test")
    with _worker(own_broker, smtp) as first:
        notification = notify(recipient=recipient, kind="welcome", payload={"name": "Patient"})
        assert wait_for(lambda: smtp.held == 1 and _status(notification.pk) == OutboxStatus.RUNNING)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=15)
    assert _status(notification.pk) == OutboxStatus.RUNNING  # claimed by a worker that is gone
    assert smtp.messages == []
    # Within the stale period the sweep leaves a running row alone (its worker may be busy).
    assert outbox.sweep(now=timezone.now() + timedelta(seconds=settings.OUTBOX_GRACE_SECONDS + 60)) == 0

    smtp.answer()
    with _worker(own_broker, smtp):
        later = timezone.now() + timedelta(seconds=settings.OUTBOX_STALE_RUNNING_SECONDS + 60)
        assert outbox.sweep(now=later) == 1
        assert wait_for(lambda: _status(notification.pk) == OutboxStatus.DONE), _status(notification.pk)
    assert len(smtp.messages) == 1
    assert b"patient@example.test" in smtp.messages[0]
