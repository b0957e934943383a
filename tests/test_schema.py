"""The OpenAPI schema tells the truth: schemathesis calls every operation of /api/schema/
through the WSGI app, as an SME member, a regional authority and a programme admin, on
demo-like data, and every response must be documented (status, content type, body) and
none may be a server error. A second run sends requests that break the schema (as the admin)
and holds the answers to the same rules."""

from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from bsrstars.accounts import membership
from bsrstars.wsgi import application
from events import requests as meeting_requests
from events import schedule
from events import services as events
from regions import services as regions
from regions.models import RegionalStatistic, S3Domain, StatisticIndicator
from tests.events.factories import event
from tests.factories import UserFactory, people_in_every_role, region
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

ROLES = {"sme": "sme", "authority": "authority_skane", "admin": "admin"}
# Examples per operation and role: enough to vary every parameter in a few seconds per role.
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}
# Two checks are left out, each from one run:
# - positive_data_acceptance (a schema-valid request must not get a 400): which values are valid
#   depends on stored data: a filter's S3 domain or region code, the organisation id a membership
#   request names, a NACE code that must be in the NACE list, a request decided already. A JSON
#   schema cannot say "must exist", so those get the documented 400.
# - negative_data_rejection (a schema-violating request must get a 4xx): django-filter reads an
#   empty filter value as "no filter" (`?type=` lists every type), which an enum cannot say.


def _demo_like_data(people):
    """A little of everything the API shows: companies (one keeps its figures private), a
    region profile, statistics, an upcoming event with a published schedule the SME takes part
    in, a past event, and a request to join the SME's company."""
    sme = people["sme"]
    own = sme.memberships.get().organisation
    company("Private Figures AB", figures_public=False, contact_public=False)
    company("Open Figures Oy", country="FI", region="FI197", figures_public=True, contact_public=True)
    regions.save_profile(
        region=region("SE224"),
        changed_by=people["authority_skane"],
        summary="Blue bioeconomy",
        strategy_url="",
        needs=S3Domain.objects.filter(code="BIO.FOOD"),
        priorities=[{"title": "Algae", "strength": 4, "domains": S3Domain.objects.filter(code="BIO.FOOD")}],
        contacts=[],
    )
    RegionalStatistic.objects.create(
        region=region("SE224"), indicator=StatisticIndicator.objects.first(), year=2024, value=3
    )
    start = timezone.now() + timedelta(days=20)
    upcoming = event(
        people["facilitator"],
        start=start,
        end=start + timedelta(hours=6),
        registration_closes=start - timedelta(days=1),
    )
    session = events.add_session(
        event=upcoming, start=start + timedelta(hours=1), end=start + timedelta(hours=2), slot_minutes=20, tables=2
    )
    mine = events.register(event=upcoming, person=sme, organisation=own)
    partner = people["other_sme"]
    theirs = events.register(event=upcoming, person=partner, organisation=partner.memberships.get().organisation)
    meeting_requests.accept_request(request=meeting_requests.send_request(sender=theirs, recipient=mine), by=mine)
    schedule.run_schedule(run_id=schedule.request_run(session=session, requested_by=people["facilitator"]).pk)
    schedule.publish(event=upcoming)
    past = timezone.now() - timedelta(days=40)
    event(
        people["facilitator"],
        start=past,
        end=past + timedelta(hours=6),
        registration_opens=past - timedelta(days=30),
        registration_closes=past - timedelta(days=1),
    )
    membership.request_membership(organisation=own, user=UserFactory(), message="May I join?")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's test client keeps the test's database connection open across requests; the WSGI
    app called directly closes it when each request starts and ends (close_old_connections), which
    on PostgreSQL would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _as(role) -> tuple:
    """The schema, loaded through the WSGI app, and the headers that sign `role` in (a token)."""
    people = people_in_every_role()
    _demo_like_data(people)
    headers = {"Authorization": f"Token {Token.objects.create(user=people[ROLES[role]]).key}"}
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/", application, headers={**headers, "Accept": "application/vnd.oai.openapi+json"}
    )
    return loaded, headers


@pytest.fixture(params=list(ROLES))
def api_as_each_role(request, reference_data):
    return _as(request.param)


@pytest.fixture
def api_as_admin(reference_data):
    return _as("admin")


def _can_be_invalid(operation: dict) -> bool:
    """Whether a request can break the operation's schema: it takes a body, a parameter that is
    not a string, or a constrained query string (a path segment cannot hold "/", the one
    character the path patterns refuse, and a plain string takes anything)."""
    for parameter in operation.get("parameters", []):
        schema = parameter["schema"]
        if schema.get("type") != "string":
            return True
        if parameter["in"] == "query" and {"enum", "format", "pattern", "minLength", "maxLength"} & set(schema):
            return True
    return "requestBody" in operation


def _check_every_operation(loaded, headers, mode, excluded) -> tuple[int, dict]:
    """How many operations were tried, and the failures by operation. (schemathesis' own pytest
    integration does not run on pytest 9.2, so each operation's strategy is driven here.)"""
    tried, failures = 0, {}
    for result in loaded.get_all_operations():
        if not isinstance(result, Ok):
            failures[f"schema error {result.err()}"] = result.err()
            continue
        operation = result.ok()
        if mode == GenerationMode.NEGATIVE and not _can_be_invalid(operation.definition.raw):
            continue
        tried += 1

        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 -- reported together below
            failures[operation.label] = exc
    return tried, failures


def test_every_operation_answers_as_documented(api_as_each_role):
    loaded, headers = api_as_each_role
    tried, failures = _check_every_operation(
        loaded, headers, GenerationMode.POSITIVE, excluded=[positive_data_acceptance]
    )
    assert not failures, "\n\n".join(f"{label}: {exc}" for label, exc in failures.items())
    assert tried == sum(len(item) for item in loaded.raw_schema["paths"].values()) > 20


def test_invalid_requests_are_refused_as_documented(api_as_admin):
    """Malformed ids, filters and bodies (the admin reaches every operation): a documented 4xx
    in the API's JSON shape, never a server error."""
    loaded, headers = api_as_admin
    tried, failures = _check_every_operation(
        loaded, headers, GenerationMode.NEGATIVE, excluded=[negative_data_rejection]
    )
    assert not failures, "\n\n".join(f"{label}: {exc}" for label, exc in failures.items())
    assert tried > 10
