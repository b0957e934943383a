"""Every coaching transition tells the people concerned, through the outbox (emails are rendered in
the recipient's language by the foundation's renderer)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from bsrstars.celery import app as celery_app
from bsrstars.notifications.models import Notification
from bsrstars.notifications.rendering import render_email
from coaching import services
from tests.coaching import factories as f

pytestmark = pytest.mark.django_db


def test_a_coaching_from_application_to_follow_up_notifies_every_step():
    a = f.assignment()
    member, coach = a.application.created_by, a.coach.user
    s = f.session(a)
    services.dispute_session(session=s, by=member, reason="Shorter than logged")
    services.close_coaching(assignment=a, by=coach, report="Done")
    services.send_follow_ups(now=timezone.now() + timedelta(days=95))
    kinds = list(Notification.objects.filter(recipient=member).order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "coaching_submitted",
        "coaching_decision",  # in screening
        "coaching_decision",  # accepted
        "coaching_assignment",
        "coaching_session",
        "coaching_closed",
        "coaching_follow_up",
    ]
    assert list(Notification.objects.filter(recipient=coach).values_list("kind", flat=True).order_by("pk")) == [
        "coaching_assignment",
        "coaching_dispute",
    ]
    for notification in Notification.objects.filter(kind__startswith="coaching_"):
        subject, body = render_email(notification)
        assert subject and "{{" not in subject and "{{" not in body
        assert notification.url.startswith("/coaching/")


def test_decision_email_goes_out_through_the_outbox_with_the_reason(eager_tasks, django_capture_on_commit_callbacks):
    app = f.application()
    services.decide(application=app, by=app.call.created_by, to_status="screening", reason="ok")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=app, by=app.call.created_by, to_status="rejected", reason="Outside the targeted domains."
        )
    [message] = mail.outbox
    assert message.to == [app.created_by.email]
    assert "Not accepted this time" in message.subject
    assert "Reason: Outside the targeted domains." in message.body
    assert Notification.objects.get(kind="coaching_decision", payload__status="rejected").status == "done"


def test_the_follow_up_scan_runs_daily_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["coaching-follow-ups"]
    assert entry["task"] == "coaching.send_follow_ups"
    assert "coaching.send_follow_ups" in celery_app.tasks
