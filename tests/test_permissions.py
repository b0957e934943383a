"""Every URL of the foundation, tried as every role. Data that could leak is created first."""

import pytest

from bsrstars.accounts.models import Organisation
from bsrstars.notifications.services import notify
from tests.factories import ROLES, people_in_every_role

pytestmark = pytest.mark.django_db

SIGNED_IN = set(ROLES) - {"anonymous"}
FIGURES = {"facilitator", "authority_skane", "authority_vilnius", "partner", "admin"}


@pytest.fixture
def people():
    return people_in_every_role()


def _client_as(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


def _expected(role, allowed, anonymous_status=302):
    if role == "anonymous" and "anonymous" not in allowed:
        return anonymous_status
    return 200 if role in allowed else 403


PAGES = [
    ("/", set(ROLES)),
    ("/privacy/", set(ROLES)),
    ("/me/", SIGNED_IN),
    ("/inbox/", SIGNED_IN),
    ("/regions/", SIGNED_IN),
    ("/regions/SE224/", SIGNED_IN),
    ("/regions/DK01/", SIGNED_IN),
    ("/regions/s3-domains/", SIGNED_IN),
    ("/regions/dashboard/", FIGURES),
]
API = [
    ("/api/v1/", SIGNED_IN),
    ("/api/v1/me/", SIGNED_IN),
    ("/api/v1/regions/", SIGNED_IN),
    ("/api/v1/regions/SE224/", SIGNED_IN),
    ("/api/v1/s3-domains/", SIGNED_IN),
    ("/api/schema/", SIGNED_IN),
    ("/api/docs/", SIGNED_IN),
]


@pytest.mark.parametrize("role", ROLES)
def test_pages_as_every_role(client, people, role):
    _client_as(client, people[role])
    for url, allowed in PAGES:
        response = client.get(url)
        assert response.status_code == _expected(role, allowed), (url, role)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", ROLES)
def test_api_as_every_role(client, people, role):
    _client_as(client, people[role])
    for url, allowed in API:
        expected = 200 if role in allowed else (401 if role == "anonymous" else 403)
        assert client.get(url).status_code == expected, (url, role)


@pytest.mark.parametrize("role", ROLES)
def test_admin_site_only_for_programme_admin(client, people, role):
    _client_as(client, people[role])
    assert client.get("/admin/").status_code == (200 if role == "admin" else 302)


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_shows_members_only_to_its_members_and_admins(client, people, role):
    own = Organisation.objects.get(memberships__user=people["sme"])
    _client_as(client, people[role])
    response = client.get(f"/organisations/{own.pk}/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert own.name in html
    assert ("sme@example.test" in html) is (role in {"sme", "admin"}), role


def test_unknown_organisation_and_region_are_404(client, people):
    client.force_login(people["sme"])
    assert client.get("/organisations/999999/").status_code == 404
    assert client.get("/regions/XX999/").status_code == 404


def test_notifications_of_another_person_cannot_be_touched(client, people):
    theirs = notify(recipient=people["other_sme"], kind="welcome", payload={"name": "X"}, email=False)
    client.force_login(people["sme"])
    response = client.post(f"/inbox/{theirs.pk}/read/")
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Welcome" not in client.get("/inbox/").content.decode()


def test_api_token_page_actions_require_post_and_login(client, people):
    assert client.post("/me/api-token/").status_code == 302
    client.force_login(people["sme"])
    assert client.get("/me/api-token/").status_code == 302
    assert client.post("/me/api-token/").status_code == 302
    assert people["sme"].auth_token.key
