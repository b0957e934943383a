"""The footer's service status and accessibility statement: pages for people, in the layout."""

import re

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_footer_links_to_the_status_page_and_the_accessibility_statement(client):
    html = client.get(reverse("home")).content.decode()
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert f'href="{reverse("service_status")}"' in footer
    assert f'href="{reverse("accessibility")}"' in footer
    assert 'href="/healthz"' not in footer  # the probe's JSON is not a page for people


def test_status_page_is_a_page_in_the_persons_language(client):
    response = client.get(reverse("service_status"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="fi">' in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert response.context["healthy"] is True
    assert [state for _, state, _ in response.context["components"]][0] == "ok"
    assert "no-store" in response["Cache-Control"]


def test_status_page_says_so_when_the_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr("bsrstars.views._database_state", lambda: "unavailable")
    response = client.get(reverse("service_status"))
    assert response.status_code == 503
    assert "The portal has a problem" in response.content.decode()


def test_healthz_stays_json_for_probes(client, monkeypatch):
    assert client.get("/healthz").json()["status"] == "ok"

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("bsrstars.views.connection.cursor", broken_cursor)
    assert client.get("/healthz").status_code == 503


def test_accessibility_statement_follows_the_eu_model(client, settings):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Conformance status", "Known limitations", "Report a problem", "Enforcement procedure"):
        assert f"<h2>{heading}</h2>" in html
    assert "2 December 2026" in html  # the date of the last check, in the page's date format
    assert f'href="mailto:{settings.ACCESSIBILITY_CONTACT_EMAIL}"' in html


@pytest.mark.parametrize("language", ["en", "sv", "da", "fi", "lt", "nb"])
def test_accessibility_statement_is_served_in_every_language(client, language):
    response = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_status_page_names_the_zone_of_its_check_time(client):
    html = client.get(reverse("service_status")).content.decode()
    assert re.search(r"<caption>Checked <time datetime=\"[^\"]+\">[^<]+ (CET|CEST)</time></caption>", html)
