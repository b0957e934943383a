"""The base layout and each role's landing page."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, give_role, person

pytestmark = pytest.mark.django_db


def _landing(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _links(response):
    return {entry.url_name for _, entries in response.context["sections"] for entry in entries}


def test_layout_has_landmarks_skip_link_language_switcher_and_privacy_link(client):
    html = client.get(reverse("home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'name="language"' in html and 'for="language-select"' in html
    for code in ("en", "sv", "da", "fi", "lt", "nb"):
        assert f'value="{code}"' in html
    assert reverse("privacy") in html


def test_landing_for_authority_lists_figures_and_own_region(client):
    user = person("regional_authority", "SE224", org_kind="regional_authority")
    response = _landing(client, user)
    assert "regions:dashboard" in _links(response)
    assert "admin:index" not in _links(response)
    assert reverse("regions:detail", args=["SE224"]) in response.content.decode()
    headings = [str(h) for h, _ in response.context["sections"]]
    assert headings == ["As Regional authority, you can", "You can also"]


def test_landing_for_sme_member_shows_own_organisation_but_no_figures(client):
    user = person()
    response = _landing(client, user)
    assert "regions:dashboard" not in _links(response)
    assert "notifications:inbox" in _links(response)
    assert user.memberships.get().organisation.name in response.content.decode()


def test_landing_for_programme_admin_offers_administration(client):
    admin = UserFactory(is_staff=True)
    give_role(admin, "programme_admin")
    response = _landing(client, admin)
    assert {"admin:index", "regions:dashboard"} <= _links(response)


def test_landing_for_person_with_no_role_has_only_common_entries(client):
    response = _landing(client, UserFactory())
    assert [str(h) for h, _ in response.context["sections"]] == ["You can"]
    assert "regions:dashboard" not in _links(response)


def test_every_landing_link_works_for_the_person_it_is_shown_to(client):
    users = [
        person(code, "SE224" if code == "regional_authority" else None)
        for code in ("facilitator", "coach", "facility_operator", "regional_authority", "partner", "programme_admin")
    ]
    users[-1].is_staff = True
    users[-1].save()
    for user in [*users, person()]:
        response = _landing(client, user)
        for _, entries in response.context["sections"]:
            for entry in entries:
                assert client.get(entry.url()).status_code == 200, (user, entry.url_name)


def test_language_switch_is_kept_on_the_account(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    user.refresh_from_db()
    assert user.language == "sv"
    assert 'lang="sv"' in client.get(reverse("home")).content.decode()


def test_times_shown_in_the_persons_time_zone(client):
    user = UserFactory(timezone="Europe/Vilnius")
    client.force_login(user)
    response = client.get(reverse("notifications:inbox"))
    assert response.context["TIME_ZONE"] == "Europe/Vilnius"


def test_preferences_form_rejects_unknown_language_with_field_error(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "X", "language": "xx", "timezone": "Europe/Oslo"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.full_name != "X"


def test_preferences_saved(client):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:profile"), {"full_name": "Ingrid S", "language": "nb", "timezone": "Europe/Oslo"})
    user.refresh_from_db()
    assert (user.full_name, user.language, user.timezone) == ("Ingrid S", "nb", "Europe/Oslo")
