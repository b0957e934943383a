"""The API: the catalogue with availability, own applications (create, submit), visible bookings."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from regions.models import S3Domain
from testbeds.models import AccessApplication, ApplicationStatus
from tests.factories import UserFactory
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_units_with_the_catalogues_filters_including_availability(api):
    busy, free = f.unit(name="Busy line"), f.unit(name="Free line")
    f.booked(f.draft(the_unit=busy), start=f.at(20, 0), end=f.at(30, 0))
    api.force_authenticate(UserFactory())
    today = timezone.localdate()
    query = {
        "free_from": (today + timedelta(days=20)).isoformat(),
        "free_until": (today + timedelta(days=29)).isoformat(),
        "free_days": 3,
    }
    rows = api.get("/api/v1/test-facility-units/", query).json()["results"]
    assert [row["name"] for row in rows] == ["Free line"]
    assert rows[0]["price_per_day"] == "1200.00" and free.pk == rows[0]["id"]
    assert api.get("/api/v1/test-facility-units/", {"scale": "demo"}).json()["count"] == 0


def test_facilities_with_a_unit_free_for_n_days(api):
    busy = f.unit(name="Busy line")
    f.unit(f.facility(name="Vilnius lab", country="LT", region="LT011", tz="Europe/Vilnius"), name="Free lab")
    f.booked(f.draft(the_unit=busy), start=f.at(20, 0), end=f.at(30, 0))
    api.force_authenticate(UserFactory())
    today = timezone.localdate()
    query = {
        "free_from": (today + timedelta(days=20)).isoformat(),
        "free_until": (today + timedelta(days=29)).isoformat(),
        "free_days": 3,
    }
    assert [row["name"] for row in api.get("/api/v1/test-facilities/", query).json()["results"]] == ["Vilnius lab"]
    assert api.get("/api/v1/test-facilities/").json()["count"] == 2
    assert api.get("/api/v1/test-facilities/", {"country": "NO"}).json()["count"] == 1
    busy.domains.set(S3Domain.objects.filter(code="BIO.FOOD"))
    assert [row["id"] for row in api.get("/api/v1/test-facilities/", {"domain": "BIO.FOOD"}).json()["results"]] == [
        busy.facility_id
    ]
    assert api.get("/api/v1/test-facilities/", {"domain": "NO.SUCH"}).status_code == 400


def test_anonymous_callers_are_refused(api):
    assert api.get("/api/v1/test-facility-units/").status_code == 401


def test_an_sme_creates_and_submits_an_application_and_sees_only_its_own(api):
    unit, the_call = f.unit(), f.call()
    applicant, firm = f.sme_member()
    f.draft(the_call, unit)  # another company's
    api.force_authenticate(applicant)
    payload = {
        **{k: str(v) for k, v in f.application_fields().items()},
        "call": the_call.pk,
        "company": firm.pk,
        "facility": unit.facility_id,
        "units": [unit.pk],
    }
    payload["de_minimis_declared"] = True
    created = api.post("/api/v1/my-access-applications/", payload, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.post(f"/api/v1/my-access-applications/{pk}/submit/").json()["status"] == ApplicationStatus.SUBMITTED
    assert [row["id"] for row in api.get("/api/v1/my-access-applications/").json()["results"]] == [pk]
    bad = api.post("/api/v1/my-access-applications/", {**payload, "requested_amount": "99999"}, format="json")
    assert bad.status_code == 400 and "requested_amount" in bad.json()
    assert AccessApplication.objects.count() == 2


def test_bookings_are_visible_to_the_company_and_the_operator_only(api):
    application = f.booked(start=f.at(20), end=f.at(22))
    operator = f.services.selectors.operators_of(application.facility).get()
    for user, count in ((application.applicant, 1), (operator, 1), (f.operator(), 0), (UserFactory(), 0)):
        api.force_authenticate(user)
        assert api.get("/api/v1/test-facility-bookings/").json()["count"] == count


def test_the_schema_documents_the_testbeds_resources(client):
    client.force_login(UserFactory())
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {
        "/api/v1/test-facilities/",
        "/api/v1/test-facility-units/",
        "/api/v1/my-access-applications/",
        "/api/v1/my-access-applications/{id}/submit/",
        "/api/v1/test-facility-bookings/",
    } <= set(paths)
    params = {p["name"] for p in paths["/api/v1/test-facility-units/"]["get"]["parameters"]}
    assert {"free_from", "free_until", "free_days", "process_type", "country"} <= params
