"""403, 404 and 500 pages: inside the portal's layout, in the person's language, with a way back;
the 403 says which role or membership opens the page."""

import pytest
from django.test import override_settings
from django.urls import reverse

from bsrstars.permissions import denial_reason
from tests.factories import person

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_403_names_the_roles_that_give_access_inside_the_layout(client, reference_data):
    client.force_login(person())
    response = client.get(reverse("regions:statistics_import"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to you" in html
    assert "This page is open to: the Partner role; a programme admin." in html
    assert 'class="skip-link"' in html  # the portal's layout
    assert f'href="{reverse("home")}"' in html


@override_settings(DEBUG=False)
def test_403_for_an_object_names_the_membership(client, reference_data):
    client.force_login(person())
    response = client.get(reverse("regions:profile_edit", kwargs={"code": "SE224"}))
    assert response.status_code == 403
    assert "the regional authority of this region" in response.content.decode()


def test_denial_reason_reads_the_rule():
    assert denial_reason("events.change_event") == (
        "This page is open to: the event's organiser; a co-organiser who may edit the event; a programme admin."
    )


@override_settings(DEBUG=False)
def test_404_inside_the_layout_in_the_persons_language(client, reference_data):
    user = person()
    user.language = "sv"
    user.save()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'class="skip-link"' in html
    assert f'href="{reverse("home")}"' in html
    assert "404" in html


@override_settings(DEBUG=False)
def test_404_under_the_api_stays_json(client, reference_data):
    client.force_login(person())
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@override_settings(DEBUG=False, ROOT_URLCONF="tests.error_urls")
def test_500_renders_a_plain_page_with_a_way_back(client, reference_data):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html
    assert "portal.css" in html
