"""The foundation's pages beyond who reaches them (tests/test_url_matrix.py tries every URL as every
role): what the organisation page shows to whom, unknown ids, someone else's notification."""

import pytest

from bsrstars.accounts.models import Organisation
from bsrstars.notifications.services import notify
from tests.factories import ROLES, people_in_every_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return people_in_every_role()


def _client_as(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


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
