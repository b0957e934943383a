"""The overdue-report scan runs from beat, as a registered task that calls the service."""

import pytest
from django.conf import settings

from bsrstars.notifications.models import Notification
from testbeds.tasks import send_report_reminders
from tests.testbeds import factories as f
from tests.testbeds.test_services import _ended

pytestmark = pytest.mark.django_db


def test_beat_runs_the_report_reminder_scan_daily():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "testbeds.send_report_reminders"]
    assert len(entries) == 1


def test_the_task_reminds_once(eager_tasks):
    application = f.booked()
    _ended(application, days_ago=30)
    assert send_report_reminders.delay().get() == 1
    assert send_report_reminders.delay().get() == 0
    assert Notification.objects.filter(kind="testbeds_report_due").count() == 1
