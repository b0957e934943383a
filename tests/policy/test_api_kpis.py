"""Briefs over the API and in the KPI registry."""

import pytest
from django.urls import reverse

from bsrstars import kpis
from policy import services
from tests.factories import person
from tests.policy.factories import draft, in_review, partner, published

pytestmark = pytest.mark.django_db


def test_api_lists_published_briefs_with_versions_recommendations_and_download_link(client):
    author = partner()
    version = published(author, title="Test access pays off")
    services.start_new_version(version=version, by=author)  # a draft v2: not in the API
    in_review(author, title="Not yet")
    client.force_login(person("regional_authority", "SE224"))
    rows = client.get("/api/v1/policy-briefs/").json()["results"]
    assert [r["latest"]["title"] for r in rows] == ["Test access pays off"]
    row = rows[0]
    assert [v["number"] for v in row["versions"]] == [1]
    assert row["latest"]["recommendations"][0] == {
        "text": "Fund cross-border vouchers.",
        "level": "eu",
        "addressee": "European Commission",
    }
    assert row["latest"]["download_url"].endswith(reverse("policy:download", args=[version.brief_id, 1]))
    assert row["can_download"] is True


def test_api_tells_an_sme_it_may_not_download_a_brief_behind_sign_in(client):
    published()
    client.force_login(person())
    row = client.get("/api/v1/policy-briefs/").json()["results"][0]
    assert row["can_download"] is False


def test_api_is_in_the_openapi_schema(client):
    client.force_login(person())
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/policy-briefs/" in schema["paths"]
    assert "/api/v1/policy-briefs/{id}/" in schema["paths"]


def test_kpis_count_published_briefs_downloads_and_organisations():
    author = partner()
    first, second = published(author), published(author)
    draft(author)
    services.start_new_version(version=first, by=author)
    reader = person("regional_authority", "SE224", org_kind="regional_authority")
    other = person("partner", org_kind="partner", org_region="LT011", country="LT")
    for user, version in [(reader, first), (reader, second), (other, first)]:
        services.record_download(version=version, user=user)

    assert kpis.registry.compute("policy.briefs").total == 2
    downloads = kpis.registry.compute("policy.downloads")
    assert downloads.total == 3
    assert downloads.by_country == {"SE": 2, "LT": 1}
    organisations = kpis.registry.compute("policy.organisations")
    assert organisations.total == 2
    assert organisations.for_region("SE224") == 1
