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


@pytest.fixture
def scheduled_event(eager_tasks, django_capture_on_commit_callbacks):
    """An event with a published schedule: two participants with one agreed meeting."""
    from datetime import timedelta

    from django.utils import timezone

    from events import requests as req
    from events import schedule as sched
    from events import services
    from tests.events.factories import event

    start = timezone.now() + timedelta(days=30)
    e = event(start=start, end=start + timedelta(hours=8), registration_closes=start - timedelta(days=1))
    session = services.add_session(
        event=e, start=start + timedelta(hours=1), end=start + timedelta(hours=2), slot_minutes=20, tables=2
    )
    a, b = (
        services.register(event=e, person=p, organisation=p.memberships.get().organisation)
        for p in (person(), person())
    )
    req.accept_request(request=req.send_request(sender=a, recipient=b), by=b)
    with django_capture_on_commit_callbacks(execute=True):
        sched.request_run(session=session, requested_by=e.organiser)
    sched.publish(event=e)
    return e, a.person, b.organisation


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_agenda_with_a_format_suffix_is_the_same_list(scheduled_event):
    e, participant, _partner = scheduled_event
    plain = _api(participant).get(f"/api/v1/events/{e.pk}/agenda/")
    suffixed = _api(participant).get(f"/api/v1/events/{e.pk}/agenda.json")
    assert suffixed.status_code == 200
    assert suffixed.json() == plain.json()
    assert len(plain.json()) == 1


def test_past_event_detail_and_agenda_stay_reachable(scheduled_event):
    from datetime import timedelta

    from django.db.models import F

    from events.models import Event, MatchmakingSession

    e, participant, partner = scheduled_event
    back = timedelta(days=60)
    Event.objects.filter(pk=e.pk).update(
        **{field: F(field) - back for field in ["start", "end", "registration_opens", "registration_closes"]}
    )
    MatchmakingSession.objects.filter(event=e).update(start=F("start") - back, end=F("end") - back)
    api = _api(participant)
    assert api.get(f"/api/v1/events/{e.pk}/").json()["id"] == e.pk
    agenda = api.get(f"/api/v1/events/{e.pk}/agenda/").json()
    assert [row["organisation"] for row in agenda] == [partner.name]
    assert api.get("/api/v1/events/").json()["results"] == []  # the list still defaults to upcoming
    assert [row["id"] for row in api.get("/api/v1/events/", {"when": "past"}).json()["results"]] == [e.pk]


def test_schema_documents_the_agenda_list_hidden_fields_and_errors():
    client = APIClient()
    client.force_authenticate(person())
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    agenda = schema["paths"]["/api/v1/events/{id}/agenda/"]["get"]["responses"]
    assert agenda["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/AgendaRow"},
    }
    assert agenda["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    components = schema["components"]["schemas"]
    assert components["Company"]["properties"]["employees"].get("nullable") is True
    assert "nullable" not in components["PatchedCompanyRequest"]["properties"]["employees"]
    patch = schema["paths"]["/api/v1/my-organisations/{id}/"]["patch"]["responses"]
    assert set(patch) == {"200", "400", "401", "403", "404"}


def test_api_url_no_route_matches_is_a_json_404_and_pages_keep_theirs():
    client = APIClient()
    client.force_authenticate(person())
    response = client.get("/api/v1/events/1.5e-12/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
