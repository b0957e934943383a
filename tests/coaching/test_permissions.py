"""Every coaching URL as every role. `PAGES` and `ACTIONS` list (url name, object key, roles
allowed, status for them); everyone else gets 403, anonymous visitors a redirect to log in. The
lists are meant to be reused by a project-wide URL matrix: `coaching_world()` builds the objects
the keys name."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import services
from coaching.models import CoachingSession, FollowUp, Goal
from tests.coaching import factories as f
from tests.factories import ROLES, people_in_every_role, person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "other_coach"]
SIGNED_IN = frozenset(ALL_ROLES) - {"anonymous"}
REVIEWERS = frozenset({"facilitator", "admin"})
COMPANY = frozenset({"sme", "admin"})
INVOLVED = frozenset({"sme", "coach", "facilitator", "admin"})

# (url name, key of the object in coaching_world() or None, roles allowed, status they get)
PAGES = [
    ("coaching:calls", None, SIGNED_IN, 200),
    ("coaching:call_create", None, REVIEWERS, 200),
    ("coaching:call", "call", SIGNED_IN, 200),
    ("coaching:apply", "call", frozenset({"sme", "other_sme", "admin"}), 200),
    ("coaching:my_applications", None, SIGNED_IN, 200),
    ("coaching:application", "application", INVOLVED, 200),
    ("coaching:application_edit", "application", COMPANY, 302),  # submitted: back to the detail page
    ("coaching:suggestions", "accepted", REVIEWERS, 200),
    ("coaching:review", None, REVIEWERS, 200),
    ("coaching:overview", None, REVIEWERS, 200),
    ("coaching:coach_profile", None, frozenset({"coach", "other_coach", "admin"}), 200),
    ("coaching:my_assignments", None, frozenset({"coach", "other_coach", "admin"}), 200),
    ("coaching:plan", "assignment", INVOLVED, 200),
    ("coaching:sessions", "assignment", INVOLVED, 200),
    ("coaching:closing", "assignment", INVOLVED, 200),
    ("coaching:follow_up", "follow_up", COMPANY, 200),
]
EXPORTS = [
    ("coaching:review_export", {"fmt": "csv"}, REVIEWERS, 200),
    ("coaching:review_export", {"fmt": "xlsx"}, REVIEWERS, 200),
]
# POSTs: allowed roles are redirected back (302) after the action.
ACTIONS = [
    ("coaching:application_decide", "screening_app", REVIEWERS),
    ("coaching:application_submit", "application", COMPANY),
    ("coaching:application_withdraw", "withdrawable", COMPANY),
    ("coaching:goal_add", "assignment", frozenset({"sme", "coach", "admin"})),
    ("coaching:task_add", "assignment", frozenset({"sme", "coach", "admin"})),
    ("coaching:allowance_raise", "assignment", REVIEWERS),
    ("coaching:closing_report", "assignment", frozenset({"coach", "admin"})),
]


def expected(role: str, allowed, status: int) -> int:
    if role in allowed:
        return status
    return 302 if role == "anonymous" else 403


def coaching_world() -> dict:
    """People in every role (plus a second coach) and the coaching objects the URLs name: the
    'sme' person's company has an assignment with the 'coach' (a session logged) and a closed
    coaching with a follow-up due; another company's application is accepted, waiting for a coach."""
    people = people_in_every_role()
    people["other_coach"] = person("coach", org_kind="partner", org_region="FI197", country="FI")
    facilitator = people["facilitator"]
    sme = people["sme"]
    own = company(registered_by=sme, region="SE224")
    coach = f.coach("DK", user=people["coach"])
    f.coach("FI", user=people["other_coach"])
    call = f.call(facilitator)
    assignment = f.assignment(call, member=sme, organisation=own, coach_profile=coach)
    f.session(assignment)
    closed = f.assignment(f.call(facilitator, title="Earlier call"), member=sme, organisation=own, coach_profile=coach)
    services.close_coaching(assignment=closed, by=coach.user, report="Done.")
    services.send_follow_ups(now=timezone.now() + timedelta(days=100))
    accepted = f.accepted(call)
    screening = f.application(call)
    services.decide(application=screening, by=facilitator, to_status="screening", reason="ok")
    withdrawable = f.application(f.call(facilitator, title="Third call"), member=sme, organisation=own)
    return {
        "people": people,
        "company": own,
        "call": call,
        "application": assignment.application,
        "assignment": assignment,
        "closed": closed,
        "follow_up": FollowUp.objects.get(assignment=closed, months=3),
        "accepted": accepted,
        "screening_app": screening,
        "withdrawable": withdrawable,
    }


def url_of(world, name, key, kwargs=None):
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return reverse(name, args=[world[key].pk]) if key else reverse(name)


@pytest.fixture
def world():
    return coaching_world()


def _login(client, world, role):
    user = world["people"][role]
    if user.is_authenticated:
        client.force_login(user)
    return user


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_coaching_page_as_every_role(client, world, role):
    _login(client, world, role)
    for name, key, allowed, status in PAGES:
        assert client.get(url_of(world, name, key)).status_code == expected(role, allowed, status), (name, role)
    for name, kwargs, allowed, status in EXPORTS:
        assert client.get(url_of(world, name, None, kwargs)).status_code == expected(role, allowed, status), (
            name,
            role,
        )


POST_DATA = {
    "to_status": "waitlisted",
    "reason": "Checked by the permission test.",
    "title": "Permission test goal",
    "owner": "sme",
    "hours": "1",
    "report": "Closing from the permission test.",
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_coaching_action_as_every_role(client, world, role):
    _login(client, world, role)
    for name, key, allowed in ACTIONS:
        response = client.post(url_of(world, name, key), POST_DATA)
        assert response.status_code == expected(role, allowed, 302), (name, role)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    world["screening_app"].refresh_from_db()
    assert world["screening_app"].status == ("waitlisted" if role in REVIEWERS else "screening")
    made_goals = Goal.objects.filter(title="Permission test goal").count()
    assert made_goals == (1 if role in {"sme", "coach", "admin"} else 0)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_company_confirms_and_only_the_assigned_coach_logs(client, world, role):
    _login(client, world, role)
    assignment = world["assignment"]
    session = CoachingSession.objects.get(assignment=assignment)
    response = client.post(reverse("coaching:session_answer", args=[assignment.pk, session.pk]), {"answer": "confirm"})
    assert response.status_code == expected(role, COMPANY, 302)
    session.refresh_from_db()
    # A superuser passes the permission but is not a member: the service refuses and nothing changes.
    assert session.status == ("confirmed" if role == "sme" else "logged")
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    data = {"day": day, "start_time": "14:00", "duration_minutes": "45", "mode": "online", "summary": "Logged"}
    response = client.post(reverse("coaching:sessions", args=[assignment.pk]), data)
    # A superuser passes the permission to log, but the service refuses: not their assignment.
    assert response.status_code == (200 if role == "admin" else expected(role, INVOLVED, 302)), role
    logged = CoachingSession.objects.filter(assignment=assignment, summary="Logged").count()
    assert logged == (1 if role == "coach" else 0)


def test_a_coach_sees_only_their_own_assignments(client, world):
    client.force_login(world["people"]["other_coach"])
    html = client.get(reverse("coaching:my_assignments")).content.decode()
    assert world["company"].name not in html
    assert client.get(reverse("coaching:plan", args=[world["assignment"].pk])).status_code == 403
    client.force_login(world["people"]["coach"])
    html = client.get(reverse("coaching:my_assignments")).content.decode()
    assert world["company"].name in html


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
    shows = role in {"sme", "authority_skane", "facilitator", "admin"}
    assert ('id="coaching-heading"' in html) is shows, role
    assert (world["call"].title in html) is shows
