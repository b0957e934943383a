"""Every step of an access is notified through the outbox, and every notification renders."""

import pytest
from django.core import mail

from bsrstars.notifications.models import Notification
from bsrstars.notifications.rendering import render_email, render_title
from bsrstars.outbox.models import OutboxStatus
from testbeds import services
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


def test_each_transition_is_notified_and_rendered(django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        application = f.booked(start=f.at(20), end=f.at(22))
        booking = application.bookings.get()
        operator = services.selectors.operators_of(application.facility).get()
        services.move_booking(booking=booking, by=operator, start=f.at(24), end=f.at(26))
        services.cancel_booking(booking=booking, by=operator, reason="Pump failure")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {
        "testbeds_submitted",
        "testbeds_status",
        "testbeds_reviewed",
        "testbeds_decided",
        "testbeds_booking",
    }
    for notification in Notification.objects.all():
        subject, body = render_email(notification)
        assert subject and "{" not in subject and application.facility.name in body + subject
        assert render_title(notification)
    assert not Notification.objects.exclude(status=OutboxStatus.DONE).exists()  # sent through the outbox
    assert len(mail.outbox) == Notification.objects.count()


def test_emails_are_in_the_recipients_language():
    application = f.draft()
    application.applicant.language = "sv"
    application.applicant.save()
    services.submit_application(application=application, by=application.applicant)
    notification = Notification.objects.get(recipient=application.applicant)
    subject, body = render_email(notification)
    assert body.startswith("Hej ")  # the greeting is in the Swedish catalogue; the new strings await translation
