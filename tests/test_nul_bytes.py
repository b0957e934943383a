"""A NUL byte in a URL (%00) never reaches a view: in the path it is a 404 (nothing is there),
in the query string a 400 (a malformed filter), on SQLite and PostgreSQL alike.

PostgreSQL cannot compare text with a NUL (psycopg raises ValueError), so before the guard
these URLs gave 500s there. The same tests run on both databases."""

import pytest
from django.test import Client

from tests.factories import people_in_every_role

pytestmark = pytest.mark.django_db

PAGE_PATHS = [
    "/events/feed/%00.ics",
    "/invitations/%00/",
    "/regions/%00/",
    "/regions/%00/edit/",
    "/regions/%00/history/",
    "/regions/%00/structural/",
    "/regions/s3-domains/%00/",
    "/regions/dashboard/export.%00",
    "/smes/export.%00",
    "/admin/authtoken/tokenproxy/%00/change/",
    "/accounts/password/reset/key/1-%00/",
]
PAGE_QUERIES = [
    "/smes/?q=%00",
    "/smes/?region=%00",
    "/smes/?domain=%00",
    "/events/?domain=%00",
    "/events/?q=%00",
    "/regions/?country=%00",
    "/smes/?q=%00&country=SE",
]
API_PATHS = ["/api/v1/regions/%00/", "/api/v1/s3-domains/%00/", "/api/v1/region-profiles/%00/"]
API_QUERIES = [
    "/api/v1/statistics/?region__code=%00",
    "/api/v1/events/?domain=%00",
    "/api/v1/organisations/?q=%00",
    "/api/v1/organisations/?domain%00=x",
]


@pytest.fixture
def admin_client(reference_data):
    client = Client()
    client.force_login(people_in_every_role()["admin"])
    return client


@pytest.mark.parametrize("url", PAGE_PATHS)
def test_nul_in_a_page_path_is_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404


@pytest.mark.parametrize("url", PAGE_QUERIES)
def test_nul_in_a_page_query_is_a_bad_request(admin_client, url):
    assert admin_client.get(url).status_code == 400


@pytest.mark.parametrize("url", API_PATHS)
def test_nul_in_an_api_path_is_the_apis_not_found(admin_client, url):
    response = admin_client.get(url)
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


@pytest.mark.parametrize("url", API_QUERIES)
def test_nul_in_an_api_query_is_a_bad_request_in_the_api_error_shape(admin_client, url):
    response = admin_client.get(url)
    assert (response.status_code, response.json()) == (400, {"detail": "The address contains a NUL character."})


def test_anonymous_feed_url_with_nul_is_not_found():
    assert Client().get("/events/feed/%00.ics").status_code == 404


def test_an_escaped_percent_sign_is_an_ordinary_search(admin_client):
    response = admin_client.get("/smes/", {"q": "%00"})  # the text "%00", sent as q=%2500
    assert response.status_code == 200
