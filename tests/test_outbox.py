"""Background work is never lost: row first, enqueue on commit, claim, sweep."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from bsrstars.celery import app
from bsrstars.notifications.models import Notification
from bsrstars.notifications.services import deliver_notification_email, notify
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from tests.factories import UserFactory
from tests.threads import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """A stand-in for the SQLite run, which has no broker to stop; tests/test_celery_worker.py
    takes a real one down."""
    task = app.tasks["notifications.send_email"]

    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "apply_async", refuse)
    return monkeypatch


def test_notification_email_sent_after_commit(eager_tasks, django_capture_on_commit_callbacks):
    user = UserFactory(email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, kind="welcome", payload={"name": "Reader"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.DONE
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]


def test_broker_outage_delays_but_loses_nothing(eager_tasks, broker_down, django_capture_on_commit_callbacks):
    user = UserFactory(email="patient@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, kind="welcome", payload={"name": "Patient"})
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.PENDING
    assert mail.outbox == []

    # Broker still down when the row is due: the sweep tries, cannot send either, the row waits.
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=5)) == 0
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.PENDING
    broker_down.undo()
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=1)) == 0  # within grace: left alone
    assert outbox.sweep(now=timezone.now() + timedelta(minutes=5)) == 1
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.DONE
    assert [m.to for m in mail.outbox] == [["patient@example.org"]]


def test_task_is_idempotent_a_rerun_sends_nothing(eager_tasks):
    user = UserFactory()
    notification = notify(recipient=user, kind="welcome", payload={"name": "A"})
    assert deliver_notification_email(notification_id=notification.pk) == OutboxStatus.DONE
    assert deliver_notification_email(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_task_for_deleted_row_returns_quietly():
    assert deliver_notification_email(notification_id=987654) == "skipped"


def test_sweep_recovers_rows_stuck_running_after_a_worker_died(eager_tasks):
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "A"})
    Notification.objects.filter(pk=notification.pk).update(
        status=OutboxStatus.RUNNING, status_changed_at=timezone.now() - timedelta(hours=1)
    )
    assert outbox.sweep() == 1
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.DONE
    assert len(mail.outbox) == 1


def test_transient_smtp_failure_retries_then_gives_up(eager_tasks, settings, monkeypatch):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "A"})

    def smtp_down(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", smtp_down)
    from bsrstars.notifications.services import TransientDeliveryError

    with pytest.raises(TransientDeliveryError):
        deliver_notification_email(notification_id=notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (OutboxStatus.PENDING, 1)
    assert deliver_notification_email(notification_id=notification.pk) == OutboxStatus.FAILED
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.FAILED
    assert "smtp down" in notification.last_error


def test_notification_without_email_is_skipped_and_never_swept():
    notification = notify(recipient=UserFactory(), kind="welcome", payload={"name": "A"}, email=False)
    assert notification.status == OutboxStatus.SKIPPED
    assert outbox.sweep(now=timezone.now() + timedelta(days=1)) == 0


def test_beat_schedule_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep-every-minute"]
    assert entry["task"] == "outbox.sweep"
    assert entry["schedule"] == 60.0
    assert "outbox.sweep" in app.tasks


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_row_two_workers_take_at_once_is_sent_once():
    """A redelivered task (acks_late, a sweep racing a worker) runs beside the first; the claim
    is one conditional UPDATE, so exactly one of them gets the row."""
    user = UserFactory(email="once@example.org")
    # Created directly, so no task is published: the eight calls below are the only takers.
    notification = Notification.objects.create(recipient=user, kind="welcome", payload={"name": "Once"})
    outcomes = at_once(*[lambda: deliver_notification_email(notification_id=notification.pk)] * 8)
    assert sorted(outcomes) == ["done"] + ["skipped"] * 7
    assert [m.to for m in mail.outbox] == [["once@example.org"]]
    notification.refresh_from_db()
    assert notification.status == OutboxStatus.DONE
