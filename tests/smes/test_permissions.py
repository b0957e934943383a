"""Every SME and membership URL, tried as every role. The data that could leak exists first."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bsrstars.accounts import membership
from bsrstars.accounts.models import Organisation
from smes.models import CompanyImport
from tests.factories import UserFactory, give_role, person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "sme",
    "other_sme",
    "facilitator",
    "coach",
    "operator",
    "authority_skane",
    "authority_vilnius",
    "partner",
    "admin",
]
SIGNED_IN = set(ROLES) - {"anonymous"}


@pytest.fixture
def world():
    sme = UserFactory(email="owner@example.test")
    own = company("Own AB", registered_by=sme)
    other_sme = UserFactory()
    other = company("Other UAB", country="LT", region="LT011", registered_by=other_sme)
    admin = UserFactory(is_staff=True, is_superuser=True)
    facilitator = person("facilitator", org_kind="partner")
    batch = CompanyImport.objects.create(uploaded_by=facilitator, filename="x.csv", rows=[], report=[])
    request = membership.request_membership(organisation=own, user=UserFactory())
    invitation = membership.invite_member(organisation=own, email="colleague@example.test", invited_by=sme)
    people = {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(),
        "sme": sme,
        "other_sme": other_sme,
        "facilitator": facilitator,
        "coach": person("coach", org_kind="partner"),
        "operator": person("facility_operator", org_kind="facility_operator"),
        "authority_skane": person("regional_authority", "SE224", org_kind="regional_authority"),
        "authority_vilnius": person("regional_authority", "LT011", org_kind="regional_authority"),
        "partner": person("partner", org_kind="partner"),
        "admin": admin,
    }
    give_role(admin, "programme_admin")
    return {"people": people, "own": own, "other": other, "batch": batch, "request": request, "invitation": invitation}


def _status(client, user, method, url, data=None):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def _expect(role, allowed, ok=200):
    if role in allowed:
        return ok
    return 302 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ROLES)
def test_sme_pages_as_every_role(client, world, role):
    own = world["own"].pk
    user = world["people"][role]
    exporters = {"facilitator", "authority_skane", "authority_vilnius", "admin"}
    importers = {"facilitator", "admin"}
    pages = [
        ("/smes/", SIGNED_IN),
        ("/smes/register/", SIGNED_IN),
        (f"/smes/{own}/", SIGNED_IN),
        (f"/smes/{own}/edit/", {"sme", "admin"}),
        ("/smes/export.csv", exporters),
        ("/smes/import/", importers),
        ("/smes/import/sample.csv", importers),
        (f"/organisations/{own}/members/", {"sme", "admin"}),
        (f"/organisations/{own}/join/", SIGNED_IN - {"sme"}),
        ("/me/data/", SIGNED_IN),
        ("/me/data/export.json", SIGNED_IN),
    ]
    for url, allowed in pages:
        assert _status(client, user, "get", url) == _expect(role, allowed), (url, role)


@pytest.mark.parametrize("role", ROLES)
def test_import_preview_only_for_its_uploader_and_admins(client, world, role):
    url = f"/smes/import/{world['batch'].pk}/"
    expected = {"facilitator": 200, "admin": 200, "anonymous": 302}.get(role, 403)
    assert _status(client, world["people"][role], "get", url) == expected


@pytest.mark.parametrize("role", ROLES)
def test_member_management_actions_only_for_the_companys_admins(client, world, role):
    own = world["own"]
    user = world["people"][role]
    allowed = {"sme", "admin"}
    membership_pk = own.memberships.get().pk
    actions = [
        (f"/organisations/{own.pk}/requests/{world['request'].pk}/", {"decision": "decline"}),
        (f"/organisations/{own.pk}/invitations/{world['invitation'].pk}/revoke/", {}),
        (f"/organisations/{own.pk}/members/{membership_pk}/", {"action": "make_admin"}),
    ]
    for url, data in actions:
        expected = 302 if role in allowed or role == "anonymous" else 403
        assert _status(client, user, "post", url, data) == expected, (url, role)
    if role not in allowed:
        world["request"].refresh_from_db()
        world["invitation"].refresh_from_db()
        assert world["request"].status == "pending"
        assert world["invitation"].revoked_at is None


def test_another_companys_ids_in_the_url_are_404(client, world):
    client.force_login(world["people"]["sme"])
    other = world["other"]
    own = world["own"]
    assert (
        client.post(f"/organisations/{own.pk}/members/{other.memberships.get().pk}/", {"action": "remove"}).status_code
        == 404
    )
    assert Organisation.objects.get(pk=other.pk).memberships.count() == 1


def test_api_as_every_role(client, world):
    from rest_framework.test import APIClient

    for role in ROLES:
        api = APIClient()
        user = world["people"][role]
        if user.is_authenticated:
            api.force_authenticate(user)
        expected = 401 if role == "anonymous" else 200
        for url in ("/api/v1/organisations/", "/api/v1/my-organisations/", "/api/v1/membership-requests/"):
            assert api.get(url).status_code == expected, (url, role)
