import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bsrstars.accounts import services as account_services
from bsrstars.notifications.models import Notification
from bsrstars.notifications.rendering import render_email
from bsrstars.notifications.services import notify
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def test_email_rendered_in_recipients_language_not_the_senders(eager_tasks, django_capture_on_commit_callbacks):
    swede = UserFactory(language="sv", full_name="Anna Lindqvist")
    with django_capture_on_commit_callbacks(execute=True):
        account_services.grant_role(user=swede, role_code="regional_authority", region=region("SE224"))
    [message] = mail.outbox
    assert "Regional myndighet" in message.subject
    assert "Skåne län" in message.subject
    assert message.body.startswith("Hej Anna")


def test_email_in_english_for_english_recipient():
    user = UserFactory(language="en", full_name="Lars Nielsen")
    notification = notify(recipient=user, kind="role_granted", payload={"role": "coach", "role_name": "Coach"})
    subject, body = render_email(notification)
    assert subject == "You are now Coach"
    assert body.startswith("Hello Lars")


def test_email_text_is_not_html_escaped():
    user = UserFactory(full_name="Seán O'Brien & Co")
    subject, body = render_email(notify(recipient=user, kind="welcome", payload={"name": user.full_name}))
    assert "Seán O'Brien & Co" in body


def test_inbox_shows_own_notifications_unread_first_and_marks_read(client):
    user = UserFactory()
    notify(recipient=user, kind="welcome", payload={"name": "A"}, email=False)
    notify(recipient=UserFactory(), kind="welcome", payload={"name": "B"}, email=False)
    client.force_login(user)
    response = client.get(reverse("notifications:inbox"))
    assert [n.recipient_id for n, _ in response.context["items"]] == [user.pk]
    assert response.context["unread_notifications"] == 1
    notification = Notification.objects.get(recipient=user)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.get(reverse("notifications:inbox")).context["unread_notifications"] == 0


def test_mark_read_never_redirects_off_site(client):
    user = UserFactory()
    notification = notify(
        recipient=user, kind="welcome", payload={"name": "A"}, url="https://evil.example/", email=False
    )
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read(client):
    user = UserFactory()
    for _ in range(3):
        notify(recipient=user, kind="welcome", payload={"name": "A"}, email=False)
    client.force_login(user)
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0


def _inbox_queries(client, user, count):
    for _ in range(count):
        notify(recipient=user, kind="role_granted", payload={"role": "coach", "region": ""}, email=False)
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("notifications:inbox"))
    assert len(response.context["items"]) == min(count, 25)
    return len(ctx.captured_queries)


def test_inbox_query_count_does_not_grow_with_notifications(client):
    one = _inbox_queries(client, UserFactory(), 1)
    many = _inbox_queries(client, UserFactory(), 40)
    assert many == one


def test_unknown_notification_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipient=UserFactory(), kind="no-such-kind")
    assert Notification.objects.count() == 0


def test_email_ends_with_the_notifications_link_on_the_portal(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    user = UserFactory(full_name="Lars Nielsen")
    notification = notify(recipient=user, kind="follow_up", payload={"event": "Brokerage"}, url="/events/3/follow-up/")
    subject, body = render_email(notification)
    assert "Brokerage" in subject
    assert body.endswith("\n\nhttps://portal.example.org/events/3/follow-up/")
