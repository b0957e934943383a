"""Every regions URL as every role, with the data that could leak created first."""

import pytest

from regions import services
from regions.models import Region, StatisticsImport
from tests.factories import ROLES, people_in_every_role, person

pytestmark = pytest.mark.django_db

SIGNED_IN = set(ROLES) - {"anonymous"}
DASHBOARD = {"facilitator", "authority_skane", "authority_vilnius", "partner", "admin"}


@pytest.fixture
def people():
    people = people_in_every_role()
    services.save_profile(
        region=Region.objects.get(code="SE224"),
        changed_by=None,
        summary="Secret draft?",
        strategy_url="",
        needs=[],
        priorities=[],
        contacts=[],
    )
    StatisticsImport.objects.create(uploaded_by=people["partner"], filename="x.csv")
    return people


@pytest.mark.parametrize("role", ROLES)
def test_regions_urls_as_every_role(client, people, role):
    user = people[role]
    if user.is_authenticated:
        client.force_login(user)
    batch = StatisticsImport.objects.get().pk
    pages = [
        ("/regions/", SIGNED_IN),
        ("/regions/SE224/", SIGNED_IN),
        ("/regions/SE224/history/", SIGNED_IN),
        ("/regions/SE224/structural/", SIGNED_IN),
        ("/regions/compare/?a=SE224&b=LT011", SIGNED_IN),
        ("/regions/matrix/", SIGNED_IN),
        ("/regions/s3-domains/", SIGNED_IN),
        ("/regions/s3-domains/BIO/", SIGNED_IN),
        ("/regions/statistics/", SIGNED_IN),
        ("/regions/policy-learning/", SIGNED_IN),
        ("/regions/SE224/edit/", {"authority_skane", "admin"}),
        ("/regions/LT011/edit/", {"authority_vilnius", "admin"}),
        ("/regions/dashboard/", DASHBOARD),
        ("/regions/dashboard/export.csv", DASHBOARD),
        ("/regions/statistics/import/", {"partner", "admin"}),
        (f"/regions/statistics/import/{batch}/", {"partner", "admin"}),
        ("/regions/policy-learning/new/", {"facilitator", "partner", "admin"}),
    ]
    for url, allowed in pages:
        expected = 200 if role in allowed else (302 if role == "anonymous" else 403)
        assert client.get(url).status_code == expected, (url, role)


def test_another_partners_import_is_404(client, people):
    client.force_login(person("partner", org_kind="partner"))
    assert client.get(f"/regions/statistics/import/{StatisticsImport.objects.get().pk}/").status_code == 404


def test_region_api_as_every_role(people):
    from rest_framework.test import APIClient

    for role in ROLES:
        api = APIClient()
        if people[role].is_authenticated:
            api.force_authenticate(people[role])
        for url in ("/api/v1/region-profiles/", "/api/v1/region-profiles/SE224/", "/api/v1/statistics/"):
            assert api.get(url).status_code == (401 if role == "anonymous" else 200), (url, role)
        assert api.get("/api/v1/kpis/").status_code == (
            200 if role in DASHBOARD else 401 if role == "anonymous" else 403
        ), role
