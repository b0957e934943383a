"""Coaching URLs and the coaching API: who may do what. Organisation A (the sme's) has an open
coaching with `coach` (a session waiting for its answer, a disputed one, a task), a closed one
with its follow-up due, a draft and a submitted application; other companies' applications wait for screening and for a
coach. Any facilitator reviews coaching (not only the one who opened the call). The objects are
tests.coaching.factories.permission_objects; see tests/url_matrix.py.

A programme admin passes every permission but belongs to no company and coaches nobody: where a
service checks who acts (log, answer, close, feedback, follow-up), the admin is refused and
nothing is written."""

from datetime import timedelta

from django.utils import timezone

from coaching.forms import ApplicationForm
from regions.models import S3Domain
from tests.coaching.factories import permission_objects
from tests.url_matrix import FACILITATORS, NOBODY, NOT_ALLOWED, SIGNED_IN, SMES, Call, Expect, form_data

REVIEWERS = FACILITATORS | {"admin"}
COMPANY = frozenset({"sme", "admin"})  # A's members (and the admin, whom the services refuse)
INVOLVED = REVIEWERS | {"sme", "coach"}
PLANNERS = frozenset({"sme", "coach", "admin"})
COACHES = frozenset({"coach", "admin"})
APPLICANTS = SMES | {"admin"}


def build(world):
    world.coaching = permission_objects(world.people, world.org_a)


def _pk(key):
    return lambda w: {"pk": w.coaching[key].pk}


def _session(key):
    return lambda w: {"pk": w.coaching["assignment"].pk, "session_pk": w.coaching[key].pk}


def _own_company(world, role):
    return world.org_b if role == "other_sme" else world.org_a


def _application(world, role):
    return {"organisation": _own_company(world, role).pk, "challenge": "Enter the Norwegian market."}


def _edited_draft(world, role):
    draft = world.coaching["draft"]
    return form_data(ApplicationForm(instance=draft, user=world.people["sme"]), challenge="A sharper challenge.")


def _local(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _call_form(world, role):
    return {
        "title": "Coaching 2028",
        "description": "Coaching for circular-economy SMEs.",
        "timezone": "Europe/Stockholm",
        "opens_at": _local(1),
        "closes_at": _local(30),
        "places": 10,
        "hours_allowance": 20,
    }


def _coach_profile(world, role):
    return {
        "country": "DK",
        "languages": ["en"],
        "domains": [S3Domain.objects.get(code="BIO.FOOD").pk],
        "capacity_smes": 5,
        "capacity_hours": 200,
        "is_active": "on",
    }


def _logged_session(world, role):
    """Three days ago in the afternoon: clear of the sessions the world holds."""
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    return {"day": day, "start_time": "14:00", "duration_minutes": 45, "mode": "online", "summary": "Pricing."}


URLS = {
    "coaching:calls": Expect(get=SIGNED_IN),
    "coaching:call_create": Expect(get=REVIEWERS, post=Call(REVIEWERS, data=_call_form)),
    "coaching:call": Expect(kwargs=_pk("call"), get=SIGNED_IN),
    # Members of a company apply for it; the admin has no company to choose (the form says so).
    "coaching:apply": Expect(
        kwargs=_pk("fresh_call"), get=APPLICANTS, post=Call(APPLICANTS, writes=SMES, data=_application)
    ),
    "coaching:my_applications": Expect(get=SIGNED_IN),
    "coaching:application": Expect(kwargs=_pk("application"), get=INVOLVED),
    "coaching:application_edit": Expect(
        kwargs=_pk("draft"), get=COMPANY, post=Call(COMPANY, writes={"sme"}, data=_edited_draft)
    ),
    "coaching:application_submit": Expect(kwargs=_pk("draft"), get=NOT_ALLOWED, post=Call(COMPANY, writes={"sme"})),
    "coaching:application_withdraw": Expect(
        kwargs=_pk("submitted"), get=NOT_ALLOWED, post=Call(COMPANY, writes={"sme"}, data={"reason": "Too busy."})
    ),
    "coaching:application_decide": Expect(
        kwargs=_pk("screening"),
        get=NOT_ALLOWED,
        post=Call(REVIEWERS, data={"to_status": "waitlisted", "reason": "Places are taken."}),
    ),
    "coaching:suggestions": Expect(
        kwargs=_pk("accepted"),
        get=REVIEWERS,
        post=Call(REVIEWERS, data=lambda w, r: {"coach": w.coaching["coach_profile"].pk}),
    ),
    "coaching:review": Expect(get=REVIEWERS),
    # A POST asks for the file in the background (bsrstars.downloads): a job row for the worker.
    "coaching:review_export": Expect(kwargs=lambda w: {"fmt": "csv"}, get=REVIEWERS, post=REVIEWERS),
    "coaching:overview": Expect(get=REVIEWERS),
    "coaching:coach_profile": Expect(get=COACHES, post=Call(COACHES, data=_coach_profile)),
    "coaching:my_assignments": Expect(get=COACHES),
    "coaching:plan": Expect(kwargs=_pk("assignment"), get=INVOLVED),
    "coaching:goal_add": Expect(
        kwargs=_pk("assignment"), get=NOT_ALLOWED, post=Call(PLANNERS, data={"title": "Enter Norway"})
    ),
    "coaching:task_add": Expect(
        kwargs=_pk("assignment"),
        get=NOT_ALLOWED,
        post=Call(PLANNERS, data={"title": "Find a distributor", "owner": "sme"}),
    ),
    "coaching:task_update": Expect(
        kwargs=lambda w: {"pk": w.coaching["assignment"].pk, "task_pk": w.coaching["task"].pk},
        get=NOT_ALLOWED,
        post=Call(PLANNERS, data={"status": "doing", "comment": "Started."}),
    ),
    # Only the assigned coach logs a session; the others are sent back to the page (the admin is
    # shown the service's refusal).
    "coaching:sessions": Expect(
        kwargs=_pk("assignment"), get=INVOLVED, post=Call(INVOLVED, writes={"coach"}, data=_logged_session)
    ),
    "coaching:session_answer": Expect(
        kwargs=_session("session"), get=NOT_ALLOWED, post=Call(COMPANY, writes={"sme"}, data={"answer": "confirm"})
    ),
    "coaching:session_resolve": Expect(
        kwargs=_session("disputed"),
        get=NOT_ALLOWED,
        post=Call(REVIEWERS, data={"counts": "yes", "resolution": "They met online."}),
    ),
    "coaching:allowance_raise": Expect(
        kwargs=_pk("assignment"), get=NOT_ALLOWED, post=Call(REVIEWERS, data={"hours": "5", "reason": "Second market."})
    ),
    "coaching:closing": Expect(kwargs=_pk("assignment"), get=INVOLVED),
    "coaching:closing_report": Expect(
        kwargs=_pk("assignment"), get=NOT_ALLOWED, post=Call(COACHES, writes={"coach"}, data={"report": "Done."})
    ),
    "coaching:feedback": Expect(
        kwargs=_pk("closed"),
        get=NOT_ALLOWED,
        post=Call(COMPANY, writes={"sme"}, data={"satisfaction": "4", "usefulness": "5"}),
    ),
    "coaching:outcome_add": Expect(
        kwargs=_pk("closed"),
        get=NOT_ALLOWED,
        post=Call(PLANNERS, writes={"sme", "coach"}, data={"kind": "new_market", "country": "NO"}),
    ),
    "coaching:follow_up": Expect(
        kwargs=_pk("follow_up"), get=COMPANY, post=Call(COMPANY, writes={"sme"}, data={"note": "Two customers."})
    ),
    # API
    "coaching-call-list": Expect(get=SIGNED_IN),
    "coaching-call-detail": Expect(kwargs=_pk("call"), get=SIGNED_IN),
    "my-coaching-application-list": Expect(
        get=SIGNED_IN,
        post=Call(
            APPLICANTS,
            writes=SMES,
            status={"admin": 400},
            data=lambda w, r: {"call": w.coaching["fresh_call"].pk, "organisation": _own_company(w, r).pk},
        ),
    ),
    # The caller's own companies' applications only: everyone else (the admin too) gets 404.
    "my-coaching-application-detail": Expect(kwargs=_pk("application"), get={"sme"}),
    "my-coaching-application-submit": Expect(kwargs=_pk("draft"), get=NOT_ALLOWED, post={"sme"}),
    "my-coaching-plan-list": Expect(get=SIGNED_IN),
    "my-coaching-plan-detail": Expect(kwargs=_pk("assignment"), get={"sme"}),
    "coach-assignment-list": Expect(get=COACHES),
    "coach-assignment-detail": Expect(kwargs=_pk("assignment"), get={"coach"}),
    # Coaches reach the action and are told it takes POST; everyone else is refused first.
    "coach-assignment-sessions": Expect(
        kwargs=_pk("assignment"),
        get=Call(NOBODY, status={"coach": 405, "admin": 405}),
        post=Call(COACHES, writes={"coach"}, status={"admin": 400}, data=_logged_session),
    ),
}
