import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import Region, S3Domain
from tests.factories import UserFactory, give_role

pytestmark = pytest.mark.django_db


def test_nuts_regions_of_the_five_countries_are_loaded_as_data():
    assert set(Region.objects.values_list("country", flat=True)) == {"SE", "DK", "FI", "LT", "NO"}
    assert Region.objects.filter(country="SE", level=3).count() == 21
    assert Region.objects.filter(country="DK", level=3).count() == 11
    assert Region.objects.filter(country="LT", level=3).count() == 10
    assert Region.objects.get(code="SE224").parent.code == "SE22"
    assert Region.objects.get(code="FI197").name == "Pirkanmaa"


def test_every_region_code_nests_inside_its_parent():
    for region in Region.objects.select_related("parent").exclude(level=0):
        assert region.code.startswith(region.parent.code), region.code
        assert region.level == region.parent.level + 1, region.code


def test_partner_regions_flagged_as_data():
    partners = set(Region.objects.filter(is_partner=True).values_list("code", flat=True))
    assert partners == {"SE224", "DK01", "FI197", "LT011", "NO060"}


def test_s3_taxonomy_tree_with_nace_links():
    roots = set(S3Domain.objects.filter(parent=None).values_list("code", flat=True))
    assert roots == {"BIO", "CIRC", "DIG"}
    waste = S3Domain.objects.get(code="CIRC.WASTE")
    assert waste.parent.code == "CIRC"
    assert waste.nace_codes == ["E38", "E39"]


def test_admin_changes_partner_flag_through_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    region = Region.objects.get(code="SE110")
    url = reverse("admin:regions_region_change", args=[region.pk])
    response = client.post(url, {"name": region.name, "is_partner": "on"})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.is_partner is True


def test_region_list_query_count_is_constant(client):
    user = UserFactory()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("regions:list"))
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 8
    html = response.content.decode()
    assert "Skåne län" in html and "Trøndelag" in html


def test_region_detail_shows_figures_including_sub_regions(client):
    from tests.factories import OrganisationFactory, region

    OrganisationFactory(kind="sme", region=region("DK011"), country="DK")
    OrganisationFactory(kind="sme", region=region("DK013"), country="DK")
    OrganisationFactory(kind="sme", region=region("DK021"), country="DK")
    partner = UserFactory()
    give_role(partner, "partner")
    client.force_login(partner)
    response = client.get(reverse("regions:detail", args=["DK01"]))
    figures = {str(p.code): v for p, v in response.context["figures"]}
    assert figures["organisations.sme"] == 2
    assert [c.code for c in response.context["children"]] == ["DK011", "DK012", "DK013", "DK014"]


def test_api_regions_filter_by_country_level_and_partner(client):
    client.force_login(UserFactory())
    data = client.get("/api/v1/regions/", {"country": "LT", "level": 3}).json()
    assert data["count"] == 10
    assert data["results"][0] == {
        "code": "LT011",
        "level": 3,
        "name": "Vilniaus apskritis",
        "country": "LT",
        "parent": "LT01",
        "is_partner": True,
    }
    partners = client.get("/api/v1/regions/", {"is_partner": "true"}).json()
    assert sorted(r["code"] for r in partners["results"]) == ["DK01", "FI197", "LT011", "NO060", "SE224"]
    domain = client.get("/api/v1/s3-domains/BIO.BLUE/").json()
    assert domain["parent"] == "BIO"
