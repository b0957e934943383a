"""The coaching API: same rules as the pages; private notes only in the coach's own resource."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coaching.models import Application, CoachingSession
from tests.coaching import factories as f
from tests.factories import person

pytestmark = pytest.mark.django_db
SECRET = "SECRET-NOTE-xyz"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_calls_are_listed_for_everyone_signed_in_and_refused_to_anonymous():
    call = f.call()
    data = _client(person()).get("/api/v1/coaching-calls/").json()
    assert [(row["id"], row["is_open"]) for row in data["results"]] == [(call.pk, True)]
    assert APIClient().get("/api/v1/coaching-calls/").status_code == 401


def test_an_sme_creates_a_draft_and_submits_it_through_the_api():
    call = f.call()
    member, org = f.sme_member()
    api = _client(member)
    body = {**f.COMPLETE, "call": call.pk, "organisation": org.pk, "domains": ["BIO.FOOD"]}
    created = api.post("/api/v1/my-coaching-applications/", body, format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    submitted = api.post(f"/api/v1/my-coaching-applications/{pk}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert [h["to_status"] for h in submitted.json()["history"]] == ["submitted"]
    again = api.post("/api/v1/my-coaching-applications/", body, format="json")
    assert again.status_code == 400 and "applied to this call already" in json.dumps(again.json())


def test_an_incomplete_draft_cannot_be_submitted_and_says_which_fields():
    call = f.call()
    member, org = f.sme_member()
    api = _client(member)
    pk = api.post("/api/v1/my-coaching-applications/", {"call": call.pk, "organisation": org.pk}, format="json").json()[
        "id"
    ]
    response = api.post(f"/api/v1/my-coaching-applications/{pk}/submit/")
    assert response.status_code == 400
    assert {"challenge", "domains", "languages"} <= set(response.json())
    assert Application.objects.get(pk=pk).status == "draft"


def test_an_api_applicant_must_be_an_sme_member_of_the_company():
    call = f.call()
    _member, org = f.sme_member()
    stranger, _own = f.sme_member()
    response = _client(stranger).post(
        "/api/v1/my-coaching-applications/", {"call": call.pk, "organisation": org.pk}, format="json"
    )
    assert response.status_code == 400
    assert (
        _client(person("coach", org_kind="partner"))
        .post("/api/v1/my-coaching-applications/", {"call": call.pk, "organisation": org.pk}, format="json")
        .status_code
        == 403
    )
    assert not Application.objects.exists()


def test_another_companys_applications_and_plans_are_not_listed():
    a = f.assignment()
    other, _org = f.sme_member()
    api = _client(other)
    assert api.get("/api/v1/my-coaching-applications/").json()["results"] == []
    assert api.get(f"/api/v1/my-coaching-applications/{a.application_id}/").status_code == 404
    assert api.get("/api/v1/my-coaching-plans/").json()["results"] == []


def test_private_notes_are_in_the_coachs_resource_only():
    a = f.assignment()
    f.session(a, private_notes=SECRET)
    company_view = _client(a.application.created_by).get("/api/v1/my-coaching-plans/")
    assert company_view.status_code == 200
    [plan] = company_view.json()["results"]
    assert plan["sessions"][0]["summary"] and "private_notes" not in plan["sessions"][0]
    assert SECRET not in company_view.content.decode()
    assert SECRET not in _client(a.application.created_by).get("/api/v1/my-coaching-applications/").content.decode()
    coach_view = _client(a.coach.user).get("/api/v1/coach-assignments/").json()
    assert coach_view["results"][0]["sessions"][0]["private_notes"] == SECRET


def test_a_coach_logs_a_session_for_their_own_assignment_only():
    a = f.assignment()
    other = f.coach("FI")
    day = (timezone.now() - timedelta(days=1)).date().isoformat()
    body = {"day": day, "start_time": "09:30", "duration_minutes": 60, "mode": "on_site", "summary": "Visit"}
    assert _client(other.user).get("/api/v1/coach-assignments/").json()["results"] == []
    assert _client(other.user).post(f"/api/v1/coach-assignments/{a.pk}/sessions/", body).status_code == 403
    response = _client(a.coach.user).post(f"/api/v1/coach-assignments/{a.pk}/sessions/", body)
    assert response.status_code == 201 and response.json()["duration_minutes"] == 60
    zero = _client(a.coach.user).post(f"/api/v1/coach-assignments/{a.pk}/sessions/", {**body, "duration_minutes": 0})
    assert zero.status_code == 400 and "duration_minutes" in zero.json()
    assert CoachingSession.objects.count() == 1
    assert _client(a.application.created_by).get("/api/v1/coach-assignments/").status_code == 403


def test_logging_a_session_for_a_malformed_assignment_id_is_not_found():
    a = f.assignment()
    day = (timezone.now() - timedelta(days=1)).date().isoformat()
    body = {"day": day, "start_time": "09:30", "duration_minutes": 60, "mode": "on_site", "summary": "Visit"}
    assert _client(a.coach.user).post("/api/v1/coach-assignments/first/sessions/", body).status_code == 404
    assert CoachingSession.objects.count() == 0


def test_coaching_resources_are_in_the_openapi_schema():
    response = _client(person()).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in (
        "/api/v1/coaching-calls/",
        "/api/v1/my-coaching-applications/",
        "/api/v1/my-coaching-applications/{id}/submit/",
        "/api/v1/my-coaching-plans/",
        "/api/v1/coach-assignments/",
        "/api/v1/coach-assignments/{id}/sessions/",
    ):
        assert path in paths, path


def _api_queries(api, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/my-coaching-applications/",
        "/api/v1/my-coaching-plans/",
        "/api/v1/coach-assignments/",
        "/api/v1/coaching-calls/",
    ],
)
def test_api_list_queries_do_not_grow_with_rows(url):
    member, org = f.sme_member()
    coach = f.coach(smes=20, hours=2000)
    counts = []
    for n in (1, 3):
        for i in range(n):
            a = f.assignment(member=member, organisation=org, coach_profile=coach)
            f.session(a, days_ago=len(counts) * 10 + i + 1)
        user = coach.user if url.startswith("/api/v1/coach") else member
        counts.append(_api_queries(_client(user), url))
    assert counts[0] == counts[1], counts
