import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import person

pytestmark = pytest.mark.django_db


def test_me_with_token_authentication_shows_roles_scope_and_memberships():
    user = person("regional_authority", "SE224", org_kind="regional_authority")
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    data = client.get("/api/v1/me/").json()
    assert data["email"] == user.email
    assert data["roles"] == ["regional_authority"]
    assert data["authority_regions"] == ["SE224"]
    assert data["memberships"][0]["region"] == "SE224"
    assert data["memberships"][0]["is_admin"] is True


def test_bad_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/me/").status_code == 401


def test_schema_documents_the_first_resources():
    client = APIClient()
    client.force_authenticate(person())
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/me/", "/api/v1/regions/", "/api/v1/s3-domains/"} <= set(schema["paths"])


def test_docs_served_without_cdn():
    client = APIClient()
    client.force_authenticate(person())
    html = client.get("/api/docs/").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
