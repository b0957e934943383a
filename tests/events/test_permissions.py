"""Every events URL as every role; a facilitator of one event cannot edit another; drafts stay hidden."""

import pytest
from django.contrib.auth.models import AnonymousUser

from events import services
from tests.events.factories import event
from tests.factories import UserFactory, give_role, person

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "sme",
    "other_sme",
    "organiser",
    "other_facilitator",
    "co_organiser",
    "coach",
    "authority",
    "partner",
    "admin",
]
SIGNED_IN = set(ROLES) - {"anonymous"}


@pytest.fixture
def world():
    organiser = person("facilitator", org_kind="partner")
    co = person("facilitator", org_kind="partner")
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_role(admin, "programme_admin")
    published, draft = event(organiser), event(organiser, published=False, title="Secret draft")
    services.add_co_organiser(event=published, user=co, can_edit=False)
    sme = person()
    services.register(event=published, person=sme, organisation=sme.memberships.get().organisation)
    return {
        "published": published,
        "draft": draft,
        "people": {
            "anonymous": AnonymousUser(),
            "no_role": UserFactory(),
            "sme": sme,
            "other_sme": person(),
            "organiser": organiser,
            "other_facilitator": person("facilitator", org_kind="partner"),
            "co_organiser": co,
            "coach": person("coach", org_kind="partner"),
            "authority": person("regional_authority", "SE224"),
            "partner": person("partner", org_kind="partner"),
            "admin": admin,
        },
    }


@pytest.mark.parametrize("role", ROLES)
def test_events_urls_as_every_role(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    pub, draft = world["published"].pk, world["draft"].pk
    runs = {"organiser", "co_organiser", "admin"}
    pages = [
        ("/events/", SIGNED_IN),
        (f"/events/{pub}/", SIGNED_IN),
        (f"/events/{pub}/edit/", {"organiser", "admin"}),
        (f"/events/{pub}/sessions/new/", {"organiser", "admin"}),
        (f"/events/{pub}/registrations/", runs),
        ("/events/new/", {"organiser", "other_facilitator", "co_organiser", "admin"}),
    ]
    for url, allowed in pages:
        expected = 200 if role in allowed else (302 if role == "anonymous" else 403)
        assert client.get(url).status_code == expected, (url, role)
    draft_status = client.get(f"/events/{draft}/").status_code
    assert draft_status == (200 if role in {"organiser", "admin"} else 302 if role == "anonymous" else 404), role


def test_draft_is_not_listed_for_others(client, world):
    client.force_login(world["people"]["sme"])
    html = client.get("/events/?when=all").content.decode()
    assert "Waste to Valuables" in html and "Secret draft" not in html


def test_only_the_registered_person_can_cancel(client, world):
    client.force_login(world["people"]["other_sme"])
    assert client.post(f"/events/{world['published'].pk}/cancel/").status_code == 404
    registration = world["published"].registrations.get()
    assert registration.status == "registered"


@pytest.mark.parametrize("role", ROLES)
def test_every_participant_and_organiser_page_as_every_role(client, world, role):
    """Participant pages for those holding a place, organiser pages for those running the event,
    the schedule for its editors (a view-only co-organiser cannot run it)."""
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    pub = world["published"].pk
    runs = {"organiser", "co_organiser", "admin"}
    participant = {"sme"}
    pages = [
        (f"/events/{pub}/participants/", participant | runs, 200),
        (f"/events/{pub}/profiles/", participant, 200),
        (f"/events/{pub}/recommendations/", participant, 200),
        (f"/events/{pub}/requests/", participant, 200),
        (f"/events/{pub}/availability/", participant, 200),
        (f"/events/{pub}/agenda/", participant | runs, 200),
        (f"/events/{pub}/agenda.ics", participant | runs, 200),
        (f"/events/{pub}/agenda.pdf", participant, 404),  # allowed, but nothing is published yet
        (f"/events/{pub}/follow-up/", participant, 404),  # allowed, but no survey is due yet
        (f"/events/{pub}/schedule/", {"organiser", "admin"}, 200),
        (f"/events/{pub}/check-in/", runs, 200),
        (f"/events/{pub}/report/", runs, 200),
        (f"/events/{pub}/report/meetings.csv", runs, 200),
    ]
    for url, allowed, status in pages:
        expected = status if role in allowed else (302 if role == "anonymous" else 403)
        if role == "admin" and allowed == participant:
            expected = 404  # a superuser passes every permission, but has no registration of their own
        assert client.get(url).status_code == expected, (url, role)
    registration = world["published"].registrations.get()
    actions = [
        (f"/events/{pub}/schedule/publish/", {"organiser", "admin"}),
        (f"/events/{pub}/check-in/{registration.pk}/", runs),
        (f"/events/{pub}/agenda/feed/", participant),
    ]
    for url, allowed in actions:
        response = client.post(url, {"present": "yes"})
        expected = 302 if role in allowed or role == "anonymous" else 403
        if role == "admin" and allowed == participant:
            expected = 404
        assert response.status_code == expected, (url, role)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    registration.refresh_from_db()
    assert registration.attended is (True if role in runs else None)
