"""Pages with personal data and every download are never kept by a shared cache."""

import pytest
from django.urls import reverse

from bsrstars.accounts.models import Organisation
from events import services
from tests.events.factories import event
from tests.factories import person

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_signed_in_pages_and_downloads_are_private_and_not_stored(client):
    facilitator = person("facilitator", org_kind="partner")
    client.force_login(facilitator)
    for url in (
        reverse("home"),
        reverse("accounts:my_data_export"),
        reverse("smes:export", args=["csv"]),
        reverse("notifications:inbox"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_agenda_downloads_and_the_secret_feed_are_not_stored(client):
    e = event()
    sme = person()
    registration = services.register(event=e, person=sme, organisation=Organisation.objects.get(memberships__user=sme))
    token = services.new_calendar_token(registration=registration)
    client.force_login(sme)
    assert _no_store(client.get(reverse("events:agenda_ics", args=[e.pk])))
    client.logout()
    feed = client.get(reverse("events:agenda_feed", args=[token]))
    assert feed.status_code == 200
    assert _no_store(feed)


def test_anonymous_public_pages_stay_cacheable(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert not _no_store(response)
