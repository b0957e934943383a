import pytest
from rest_framework.test import APIClient

from bsrstars.accounts.models import Membership
from tests.factories import UserFactory, give_role, person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_directory_api_hides_private_fields_like_the_pages():
    owner = UserFactory()
    organisation = company("Api AB", registered_by=owner, employees=17, contact_email="hidden@api.example")
    other = _client(person()).get(f"/api/v1/organisations/{organisation.pk}/").json()
    assert (other["name"], other["employees"], other["contact_email"]) == ("Api AB", None, None)
    assert other["size_class"] == "small" and other["eligible_sme"] is True
    mine = _client(owner).get(f"/api/v1/organisations/{organisation.pk}/").json()
    assert (mine["employees"], mine["contact_email"]) == (17, "hidden@api.example")


def test_directory_api_filters():
    company("Fin Oy", country="FI", region="FI197")
    company("Swe AB")
    data = _client(person()).get("/api/v1/organisations/", {"country": "FI"}).json()
    assert [row["name"] for row in data["results"]] == ["Fin Oy"]


def test_admin_member_updates_own_company_others_cannot():
    owner = UserFactory()
    organisation = company("Patch AB", registered_by=owner, employees=5, turnover=100_000, balance=100_000)
    response = _client(owner).patch(
        f"/api/v1/my-organisations/{organisation.pk}/",
        {"employees": 400, "annual_turnover_eur": "90000000", "balance_sheet_total_eur": "90000000"},
        format="json",
    )
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.sme_profile.size_class == "large"
    colleague = UserFactory()
    Membership.objects.create(user=colleague, organisation=organisation, is_admin=False)
    assert (
        _client(colleague)
        .patch(f"/api/v1/my-organisations/{organisation.pk}/", {"employees": 1}, format="json")
        .status_code
        == 403
    )
    assert (
        _client(person())
        .patch(f"/api/v1/my-organisations/{organisation.pk}/", {"employees": 1}, format="json")
        .status_code
        == 404
    )


def test_bad_numbers_refused_by_api():
    owner = UserFactory()
    organisation = company(registered_by=owner)
    response = _client(owner).patch(f"/api/v1/my-organisations/{organisation.pk}/", {"employees": -1}, format="json")
    assert response.status_code == 400


def test_membership_requests_api_create_list_and_decide():
    owner = UserFactory()
    organisation = company("Join AB", registered_by=owner)
    newcomer = UserFactory()
    created = _client(newcomer).post(
        "/api/v1/membership-requests/", {"organisation": organisation.pk, "message": "hi"}, format="json"
    )
    assert created.status_code == 201
    request_id = created.json()["id"]
    assert _client(newcomer).post(f"/api/v1/membership-requests/{request_id}/approve/").status_code == 403
    assert [r["id"] for r in _client(owner).get("/api/v1/membership-requests/").json()["results"]] == [request_id]
    assert _client(person()).get("/api/v1/membership-requests/").json()["results"] == []
    decided = _client(owner).post(f"/api/v1/membership-requests/{request_id}/approve/")
    assert decided.json()["status"] == "approved"
    assert Membership.objects.filter(user=newcomer, organisation=organisation).exists()
    again = _client(owner).post(f"/api/v1/membership-requests/{request_id}/decline/")
    assert again.status_code == 400


def test_programme_admin_decides_for_company_without_admins():
    organisation = company("Imported AB")  # imported: nobody is its member yet
    admin = UserFactory()
    give_role(admin, "programme_admin")
    newcomer = UserFactory()
    request_id = (
        _client(newcomer)
        .post("/api/v1/membership-requests/", {"organisation": organisation.pk}, format="json")
        .json()["id"]
    )
    assert admin.notifications.filter(kind="membership_requested").count() == 1
    assert _client(admin).post(f"/api/v1/membership-requests/{request_id}/approve/").status_code == 200


def test_membership_request_decisions_accept_a_format_suffix():
    owner = UserFactory()
    organisation = company("Suffix AB", registered_by=owner)
    first, second = (
        _client(UserFactory())
        .post("/api/v1/membership-requests/", {"organisation": organisation.pk}, format="json")
        .json()["id"]
        for _ in range(2)
    )
    approved = _client(owner).post(f"/api/v1/membership-requests/{first}/approve.json")
    declined = _client(owner).post(f"/api/v1/membership-requests/{second}/decline.json")
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")


def test_membership_request_decision_with_a_non_numeric_id_is_not_found():
    client = _client(person())
    assert client.post("/api/v1/membership-requests/abc/approve/").status_code == 404
    assert client.post("/api/v1/membership-requests/abc/decline/").status_code == 404


@pytest.mark.parametrize("year", [3000, 99_999_999_999, 1599])
def test_api_refuses_an_implausible_founding_year_like_the_form(year):
    owner = UserFactory()
    organisation = company(registered_by=owner)
    response = _client(owner).patch(
        f"/api/v1/my-organisations/{organisation.pk}/", {"founding_year": year}, format="json"
    )
    assert response.status_code == 400
    assert "founding_year" in response.json()
    organisation.sme_profile.refresh_from_db()
    assert organisation.sme_profile.founding_year == 2015


def test_api_accepts_this_years_founding():
    from django.utils import timezone

    owner = UserFactory()
    organisation = company(registered_by=owner)
    this_year = timezone.now().year
    response = _client(owner).patch(
        f"/api/v1/my-organisations/{organisation.pk}/", {"founding_year": this_year}, format="json"
    )
    assert (response.status_code, response.json()["founding_year"]) == (200, this_year)
