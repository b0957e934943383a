"""Which language a page is in: the account's, else the browser's (Accept-Language), else
English; and the switcher brings the person back to the page they were on."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-unusual-passphrase-42"


def _lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("fi-FI,fi;q=0.9,en;q=0.5", "fi"),
        ("lt", "lt"),
        ("nb-NO,nb;q=0.9", "nb"),
        ("de-DE,de;q=0.9", "en"),  # not a portal language: English
        (None, "en"),
    ],
)
def test_visitors_get_their_browsers_language_else_english(client, accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(reverse("privacy"), **headers)
    assert _lang(response) == expected
    assert response["Content-Language"] == expected


def test_the_accounts_language_wins_over_the_browsers(client):
    user = UserFactory(language="sv")
    client.force_login(user)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fi")
    assert _lang(response) == "sv"


def test_logging_in_switches_to_the_accounts_language_and_keeps_it_after_logout(client):
    user = UserFactory(language="lt")
    user.set_password(PASSWORD)
    user.save()

    before = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="fi")
    assert _lang(before) == "fi"
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lt"
    assert _lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fi")) == "lt"

    client.post(reverse("account_logout"))
    assert _lang(client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="fi")) == "lt"


def test_signing_up_keeps_the_language_the_person_used(client):
    from bsrstars.accounts.models import User

    client.post(
        reverse("account_signup"),
        {
            "email": "uusi@example.org",
            "full_name": "Uusi Henkilö",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_privacy": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert User.objects.get(email="uusi@example.org").language == "fi"


def test_the_switcher_carries_the_current_page_and_its_query(client):
    html = client.get(reverse("privacy") + "?section=cookies&x=1").content.decode()
    action = re.escape(reverse("set_language"))
    form = re.search(rf'<form[^>]+action="{action}".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="next" value="/privacy/?section=cookies&amp;x=1">' in form


def test_switching_brings_the_person_back_to_the_page_they_were_on(client):
    target = reverse("privacy") + "?section=cookies"
    response = client.post(reverse("set_language"), {"language": "da", "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert _lang(client.get(target, HTTP_ACCEPT_LANGUAGE="fi")) == "da"


def test_switching_never_sends_the_person_to_another_site(client):
    response = client.post(reverse("set_language"), {"language": "da", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"
