import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bsrstars.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.person@example.org",
    "full_name": "New Person",
    "password1": "a-Long-unusual-passphrase-42",
    "password2": "a-Long-unusual-passphrase-42",
    "accept_privacy": "on",
}


def test_signup_requires_email_verification_before_login(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "New Person"
    assert user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert user.privacy_consented_at is not None
    assert EmailAddress.objects.get(user=user).verified is False

    # Not verified yet: logging in sends the person back to verification.
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    # The email holds a confirmation link; following it verifies and logs in.
    assert len(mail.outbox) >= 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified is True
    assert client.get(reverse("home")).context["user"] == user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"full_name": ""}, "full_name"),
        ({"email": ""}, "email"),
        ({"accept_privacy": ""}, "accept_privacy"),
    ],
)
def test_signup_bad_input_gets_field_error_and_creates_nothing(client, change, field):
    UserFactory(email="taken@example.org")
    data = {**SIGNUP, **change}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize("taken", ["taken@example.org", "TAKEN@example.org"])
def test_signup_with_a_registered_address_answers_as_for_a_new_one_and_tells_the_owner(client, taken):
    owner = UserFactory(email="taken@example.org")
    fresh = client.post(reverse("account_signup"), {**SIGNUP, "email": "fresh@example.org"})
    client.logout()
    mail.outbox.clear()
    probe = client.post(reverse("account_signup"), {**SIGNUP, "email": taken})
    assert (probe.status_code, probe["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email__iexact="taken@example.org").get() == owner
    (message,) = mail.outbox
    assert message.to == ["taken@example.org"]
    assert "already" in message.subject.lower() or "already" in message.body.lower()
    assert "confirm-email" not in message.body


def test_signup_page_is_the_portals_own_template(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert 'id="main"' in html
    assert "privacy notice" in html


def test_password_reset_by_emailed_link(client):
    user = UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "Forgetful@example.org"})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+)", message.body).group(1)
    form_url = client.get(link)["Location"]  # allauth moves the key out of the URL first
    response = client.post(form_url, {"password1": "a-New-passphrase-77", "password2": "a-New-passphrase-77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-New-passphrase-77")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert "If an account uses that address" in response.content.decode()
