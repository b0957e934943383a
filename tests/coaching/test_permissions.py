"""Coaching permissions the URL matrix does not show. Every coaching URL as every role of
tests/factories.ROLES is declared in tests/coaching/url_permissions.py (run by
tests/test_url_matrix.py); here: a second coach, who is not assigned, and what each person's
pages list or show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CoachingSession, Goal
from tests.coaching import factories as f
from tests.factories import ROLES, people_in_every_role, person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "other_coach"]


def coaching_world() -> dict:
    """People in every role plus `other_coach`, who coaches nobody here, and the objects of
    tests.coaching.factories.permission_objects for the sme's company."""
    people = people_in_every_role()
    people["other_coach"] = person("coach", org_kind="partner", org_region="FI197", country="FI")
    f.coach("FI", user=people["other_coach"])
    own = company(registered_by=people["sme"], region="SE224")
    return {"people": people, "company": own, **f.permission_objects(people, own)}


@pytest.fixture
def world():
    return coaching_world()


def _login(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    return user


def test_a_coach_sees_only_their_own_assignments(client, world):
    client.force_login(world["people"]["other_coach"])
    html = client.get(reverse("coaching:my_assignments")).content.decode()
    assert world["company"].name not in html
    assert client.get(reverse("coaching:plan", args=[world["assignment"].pk])).status_code == 403
    client.force_login(world["people"]["coach"])
    html = client.get(reverse("coaching:my_assignments")).content.decode()
    assert world["company"].name in html


def test_a_coach_not_assigned_reaches_none_of_the_coaching_and_changes_nothing(client, world):
    client.force_login(world["people"]["other_coach"])
    assignment, session = world["assignment"], world["session"]
    for name in ("coaching:plan", "coaching:sessions", "coaching:closing"):
        assert client.get(reverse(name, args=[assignment.pk])).status_code == 403, name
    assert client.get(reverse("coaching:application", args=[world["application"].pk])).status_code == 403
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    posts = [
        ("coaching:goal_add", [assignment.pk], {"title": "Sneaked in"}),
        ("coaching:task_add", [assignment.pk], {"title": "Sneaked in", "owner": "coach"}),
        ("coaching:sessions", [assignment.pk], {"day": day, "start_time": "14:00", "duration_minutes": "45"}),
        ("coaching:session_answer", [assignment.pk, session.pk], {"answer": "confirm"}),
        ("coaching:closing_report", [assignment.pk], {"report": "Closed by someone else."}),
    ]
    for name, args, data in posts:
        assert client.post(reverse(name, args=args), {"mode": "online", "summary": "Logged", **data}).status_code == 403
    assignment.refresh_from_db()
    session.refresh_from_db()
    assert (assignment.closed_at, session.status) == (None, "logged")
    assert not Goal.objects.filter(title="Sneaked in").exists()
    assert CoachingSession.objects.filter(assignment=assignment).count() == 2
    api = client.get(f"/api/v1/coach-assignments/{assignment.pk}/")
    assert api.status_code == 404


def test_another_companys_coaching_is_invisible(client, world):
    client.force_login(world["people"]["other_sme"])
    assert world["company"].name not in client.get(reverse("coaching:my_applications")).content.decode()
    for name in ("coaching:plan", "coaching:sessions", "coaching:closing"):
        assert client.get(reverse(name, args=[world["assignment"].pk])).status_code == 403
    assert client.get(reverse("coaching:application", args=[world["application"].pk])).status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_company_page_shows_coaching_to_members_its_regions_authority_and_reviewers(client, world, role):
    _login(client, world, role)
    response = client.get(reverse("smes:detail", args=[world["company"].pk]))
    if role == "anonymous":
        assert response.status_code == 302
        return
    html = response.content.decode()
    # Every facilitator reviews coaching, not only the one who opened the call.
    shows = role in {"sme", "authority_skane", "facilitator", "other_facilitator", "co_organiser", "admin"}
    assert ('id="coaching-heading"' in html) is shows, role
    assert (world["call"].title in html) is shows
