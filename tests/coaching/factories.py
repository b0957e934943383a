"""Coaching test data, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from bsrstars.accounts.models import Membership
from coaching import services
from regions.models import Region, S3Domain
from tests.factories import UserFactory, give_role, person
from tests.smes.factories import company

COMPLETE = {
    "challenge": "Scale algae protein production for export.",
    "expertise_wanted": "Market entry in the Nordics.",
    "languages": ["en", "sv"],
    "target_countries": ["DK", "NO"],
    **dict.fromkeys(("need_innovation_strategy", "need_market_access", "need_financing"), 3),
    **dict.fromkeys(("need_partnerships", "need_sustainability", "need_digitalisation"), 4),
}


def facilitator():
    user = person("facilitator", org_kind="partner", org_region="FI197", country="FI")
    return user


def call(by=None, *, places=10, hours=20, open_now=True, region_places=None, **fields):
    by = by or facilitator()
    now = timezone.now()
    opens = now - timedelta(days=5) if open_now else now - timedelta(days=60)
    closes = now + timedelta(days=30) if open_now else now - timedelta(days=30)
    data = {
        "title": "Transnational coaching 2027",
        "description": "Coaching for bio-economy SMEs.",
        "timezone_name": "Europe/Stockholm",
        "opens_at": opens,
        "closes_at": closes,
        "places": places,
        "hours_allowance": hours,
        "target_domains": S3Domain.objects.filter(code__in=["BIO.FOOD"]),
        "region_places": {Region.objects.get(code=c): n for c, n in (region_places or {}).items()},
    }
    data.update(fields)
    return services.open_call(by=by, **data)


def sme_member(country="SE", region="SE224", **kwargs):
    """A person who is the admin member of a new eligible company."""
    user = UserFactory()
    organisation = company(country=country, region=region, registered_by=user, **kwargs)
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    return user, organisation


def application(the_call=None, *, member=None, organisation=None, submit=True, domains=("BIO.FOOD",), **fields):
    the_call = the_call or call()
    if member is None:
        member, organisation = sme_member()
    data = {**COMPLETE, "domains": list(S3Domain.objects.filter(code__in=domains)), **fields}
    app = services.save_draft(call=the_call, organisation=organisation, by=member, **data)
    if submit:
        app = services.submit_application(application=app, by=member)
    return app


def accepted(the_call=None, *, reviewer=None, **kwargs):
    app = application(the_call, **kwargs)
    reviewer = reviewer or app.call.created_by
    services.decide(application=app, by=reviewer, to_status="screening", reason="Complete.")
    return services.decide(application=app, by=reviewer, to_status="accepted", reason="Good fit.")


def coach(country="DK", *, user=None, languages=("en", "da"), domains=("BIO.FOOD",), smes=5, hours=200, **user_kwargs):
    if user is None:
        region = {"DK": "DK011", "LT": "LT011", "FI": "FI197", "NO": "NO060"}.get(country, "SE224")
        user = person("coach", org_kind="partner", org_region=region, country=country, **user_kwargs)
    return services.save_coach_profile(
        user=user,
        country=country,
        languages=languages,
        domains=S3Domain.objects.filter(code__in=domains),
        bio="Coach.",
        capacity_smes=smes,
        capacity_hours=hours,
    )


def assignment(the_call=None, *, coach_profile=None, **kwargs):
    app = accepted(the_call, **kwargs)
    coach_profile = coach_profile or coach()
    return services.assign_coach(application=app, coach=coach_profile, by=app.call.created_by)


def session(a, *, days_ago=1, hour=10, minutes=60, **fields):
    day = (timezone.now() - timedelta(days=days_ago)).date()
    from datetime import time

    data = {"mode": "online", "summary": "Went through the market plan.", "private_notes": "SECRET-NOTE-xyz"}
    data.update(fields)
    return services.log_session(
        assignment=a, by=a.coach.user, day=day, start_time=time(hour, 0), duration_minutes=minutes, **data
    )


def reviewer():
    user = UserFactory()
    give_role(user, "facilitator")
    return user


def permission_objects(people: dict, own) -> dict:
    """The coaching objects the permission tests name, for the company `own` of people["sme"]
    (organisation A of the URL matrix), reviewed by people["facilitator"] and coached by
    people["coach"] (given a coach profile here):

    - call: open; `own`'s application to it is accepted and has an open `assignment` with a
      `session` waiting for the company's answer, a `disputed` one and a `task`; another
      company's application is `accepted`, waiting for a coach; a third one is in `screening`;
    - `closed`: an earlier coaching of `own`, closed, with its 3-month `follow_up` due;
    - `draft`: `own`'s complete draft to a third call; `submitted`: its application to a fifth;
    - `fresh_call`: open, nobody has applied.
    """
    facilitator, sme = people["facilitator"], people["sme"]
    coach_profile = coach("DK", user=people["coach"])
    the_call = call(facilitator)
    own_assignment = assignment(the_call, member=sme, organisation=own, coach_profile=coach_profile)
    logged = session(own_assignment)
    disputed = services.dispute_session(
        session=session(own_assignment, days_ago=2), by=sme, reason="We did not meet that day."
    )
    task = services.add_task(assignment=own_assignment, title="Draft the export budget", owner="sme")
    closed = assignment(
        call(facilitator, title="Earlier call"), member=sme, organisation=own, coach_profile=coach_profile
    )
    services.close_coaching(assignment=closed, by=coach_profile.user, report="Done.")
    services.send_follow_ups(now=timezone.now() + timedelta(days=100))
    screening = application(the_call)
    services.decide(application=screening, by=facilitator, to_status="screening", reason="Complete.")
    return {
        "coach_profile": coach_profile,
        "call": the_call,
        "application": own_assignment.application,
        "assignment": own_assignment,
        "session": logged,
        "disputed": disputed,
        "task": task,
        "closed": closed,
        "follow_up": closed.follow_ups.get(months=3),
        "accepted": accepted(the_call),
        "screening": screening,
        "draft": application(call(facilitator, title="Third call"), member=sme, organisation=own, submit=False),
        "fresh_call": call(facilitator, title="Fourth call"),
        "submitted": application(call(facilitator, title="Fifth call"), member=sme, organisation=own),
    }
