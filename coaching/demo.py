"""Demo coaching: a closed call with accepted, waiting-listed and rejected applications and two
completed coachings (sessions, outcomes, follow-ups), and an open call where sme@example.org's
application is in screening, sme2@example.org is coached by coach@example.org (a session to
confirm, hours left to log), another company waits for a coach and a disputed session waits for
the facilitator. A second coach comes from Sweden.

Everything goes through the services; the closed call is then moved into the past (the only
direct writes here: demo dates)."""

from datetime import time, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from bsrstars.accounts.models import Organisation, User
from bsrstars.accounts.services import grant_role
from regions.models import Region, S3Domain

from . import services
from .models import Application, Assignment, Call, CoachingSession, CoachProfile, FollowUp, Outcome, StatusChange

CLOSED_TITLE = "Transnational coaching, first call"
OPEN_TITLE = "Transnational coaching 2027: bio-based and circular growth"
PASSWORD = "demo-bsr-2026"


def _member(email: str) -> User:
    return User.objects.get(email=email)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _domains(*codes):
    return list(S3Domain.objects.filter(code__in=codes))


def _coaches() -> tuple[CoachProfile, CoachProfile]:
    mette = _member("coach@example.org")
    if not hasattr(mette, "coach_profile"):
        services.save_coach_profile(
            user=mette,
            country="DK",
            languages=["en", "da", "sv"],
            domains=_domains("BIO.FOOD", "BIO.BLUE", "BIO.TECH", "CIRC.WASTE", "DIG.DATA"),
            bio="Twelve years of scale-up coaching for Danish food and biotech companies; EIC business coach.",
            capacity_smes=6,
            capacity_hours=150,
        )
    anders = User.objects.filter(email="coach.se@example.org").first()
    if anders is None:
        anders = User.objects.create_user(
            email="coach.se@example.org", password=PASSWORD, full_name="Anders Lindgren", timezone="Europe/Stockholm"
        )
        EmailAddress.objects.create(user=anders, email=anders.email, verified=True, primary=True)
        grant_role(user=anders, role_code="coach", email=False)
    if not hasattr(anders, "coach_profile"):
        services.save_coach_profile(
            user=anders,
            country="SE",
            languages=["en", "sv", "lt"],
            domains=_domains("CIRC.MATERIALS", "CIRC.DESIGN", "CIRC.WASTE", "BIO.CHEM"),
            bio="Circular-economy business models and EU funding; coached Lithuanian recyclers since 2019.",
            capacity_smes=5,
            capacity_hours=120,
        )
    mette.refresh_from_db()
    anders.refresh_from_db()
    return mette.coach_profile, anders.coach_profile


APPLICATION = {
    "expertise_wanted": "Market entry and partner search in the Nordic countries; a financing plan.",
    "languages": ["en"],
    "need_innovation_strategy": 3,
    "need_market_access": 5,
    "need_financing": 4,
    "need_partnerships": 4,
    "need_sustainability": 3,
    "need_digitalisation": 2,
}


def _apply(call, email, company, challenge, domains, countries, submit=True, **extra):
    member, organisation = _member(email), _org(company)
    data = {
        **APPLICATION,
        "challenge": challenge,
        "domains": _domains(*domains),
        "target_countries": countries,
        **extra,
    }
    application = services.save_draft(call=call, organisation=organisation, by=member, **data)
    if submit:
        application = services.submit_application(application=application, by=member)
    return application


def _decide(application, by, *steps):
    for to_status, reason in steps:
        application = services.decide(application=application, by=by, to_status=to_status, reason=reason)
    return application


def _sessions(assignment, plan, *, confirm_with=None):
    """plan: [(days ago, hour, minutes, mode, summary, notes)]; confirmed by `confirm_with`."""
    zone_day = timezone.localdate()
    made = []
    for days_ago, hour, minutes, mode, summary, notes in plan:
        session = services.log_session(
            assignment=assignment,
            by=assignment.coach.user,
            day=zone_day - timedelta(days=days_ago),
            start_time=time(hour),
            duration_minutes=minutes,
            mode=mode,
            summary=summary,
            private_notes=notes,
        )
        if confirm_with is not None:
            services.confirm_session(session=session, by=confirm_with)
        made.append(session)
    return made


def _closed_call(facilitator, mette, anders):
    now = timezone.now()
    call = services.open_call(
        by=facilitator,
        title=CLOSED_TITLE,
        description="The programme's first call: 20 hours of coaching by a coach from another partner country.",
        timezone_name="Europe/Helsinki",
        opens_at=now - timedelta(days=330),
        closes_at=now + timedelta(days=1),
        places=2,
        hours_allowance=20,
        target_domains=_domains("CIRC.MATERIALS", "CIRC.WASTE", "BIO.CHEM"),
    )
    kaunas = _apply(
        call,
        "participant2@example.org",
        "UAB Kauno pluoštas",
        "Our NIR textile sorting line works; we need customers and funding to scale beyond Lithuania.",
        ["CIRC.MATERIALS"],
        ["SE", "FI"],
        languages=["en", "lt"],
    )
    green = _apply(
        call,
        "participant6@example.org",
        "UAB Žaliasis ciklas",
        "Chemical recycling of mixed plastics: we look for pilot customers and a test facility.",
        ["CIRC.MATERIALS", "BIO.CHEM"],
        ["DK", "NO"],
    )
    tampere = _apply(
        call,
        "participant4@example.org",
        "Tampere Circular Robotics Oy",
        "Robotic sorting of construction waste: a go-to-market plan for Sweden.",
        ["DIG.AUTOMATION", "CIRC.WASTE"],
        ["SE"],
    )
    oslo = _apply(
        call,
        "participant5@example.org",
        "Oslo Reuse Hub AS",
        "A marketplace for reused materials; we want help with a platform strategy.",
        ["CIRC.MATERIALS"],
        ["SE", "DK"],
    )
    screen = ("screening", "Complete and eligible.")
    _decide(kaunas, facilitator, screen, ("accepted", "Strong fit with the call's circular materials focus."))
    _decide(green, facilitator, screen, ("accepted", "Clear need for test facilities and partners."))
    _decide(tampere, facilitator, screen, ("waitlisted", "Good application; the two places are taken."))
    _decide(oslo, facilitator, ("rejected", "A digital platform is outside the call's target domains."))
    done = []
    for application, coach, member_email, outcomes in (
        (
            kaunas,
            anders,
            "participant2@example.org",
            [
                {"kind": "financing", "programme": "Horizon Europe (CBE JU)", "amount_eur": 1_200_000},
                {"kind": "cooperation", "country": "SE", "description": "Pilot with a Swedish textile collector"},
            ],
        ),
        (
            green,
            mette,
            "participant6@example.org",
            [
                {"kind": "test_facility", "description": "Pyrolysis trials planned at a Norwegian test centre"},
                {"kind": "new_market", "country": "DK"},
            ],
        ),
    ):
        assignment = services.assign_coach(application=application, coach=coach, by=facilitator)
        member = _member(member_email)
        services.add_goal(assignment=assignment, title="A market-entry plan for two Nordic countries")
        _sessions(
            assignment,
            [
                (300, 9, 120, "online", "Needs audit and goals.", "Founder-led; decisions slow."),
                (285, 10, 180, "on_site", "Customer segments and pricing workshop.", ""),
                (270, 13, 120, "online", "Funding options and a proposal outline.", "Strong team, weak sales."),
            ],
            confirm_with=member,
        )
        services.close_coaching(
            assignment=assignment, by=coach.user, report="Goals met: plan written, partners contacted, funding applied."
        )
        services.give_feedback(
            assignment=assignment, by=member, satisfaction=5, usefulness=4, comments="Very practical."
        )
        for outcome in outcomes:
            services.record_outcome(assignment=assignment, by=member, **outcome)
        done.append(assignment)
    _move_into_the_past(call, done)
    services.send_follow_ups()
    first = FollowUp.objects.filter(assignment=done[0], months=3).first()
    if first is not None:
        services.answer_follow_up(follow_up=first, by=_member("participant2@example.org"), note="Proposal submitted.")


def _move_into_the_past(call, assignments):
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(closes_at=now - timedelta(days=290))
    Application.objects.filter(call=call).update(submitted_at=now - timedelta(days=300))
    StatusChange.objects.filter(application__call=call).update(at=now - timedelta(days=295))
    ids = [a.pk for a in assignments]
    Assignment.objects.filter(pk__in=ids).update(
        assigned_at=now - timedelta(days=305), closed_at=now - timedelta(days=240)
    )
    Outcome.objects.filter(assignment__in=ids).update(recorded_at=now - timedelta(days=235))


def _open_call(facilitator, mette, anders):
    now = timezone.now()
    call = services.open_call(
        by=facilitator,
        title=OPEN_TITLE,
        description=(
            "Twenty hours of transnational coaching for SMEs in bio-based and circular value chains: a needs audit, "
            "an action plan and sessions with a coach from another partner country."
        ),
        timezone_name="Europe/Stockholm",
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=45),
        places=20,
        hours_allowance=20,
        target_domains=_domains("BIO.FOOD", "BIO.BLUE", "CIRC.WASTE", "CIRC.MATERIALS"),
        region_places={Region.objects.get(code="SE224"): 5, Region.objects.get(code="LT011"): 5},
    )
    skane = _apply(
        call,
        "sme@example.org",
        "Skåne Algae Solutions AB",
        "We grow algae protein in Skåne and want to sell to food producers in Denmark and Lithuania.",
        ["BIO.BLUE", "BIO.FOOD"],
        ["DK", "LT"],
        languages=["en", "sv"],
    )
    _decide(skane, facilitator, ("screening", "Complete and eligible; checking the fit."))
    vilnius = _apply(
        call,
        "sme2@example.org",
        "UAB Vilniaus biotechnologijos",
        "Our enzyme platform needs a route to Nordic food companies and a financing plan.",
        ["BIO.TECH", "BIO.FOOD"],
        ["DK", "SE"],
    )
    _decide(vilnius, facilitator, ("screening", "Complete."), ("accepted", "Clear need; strong Nordic potential."))
    coaching = services.assign_coach(application=vilnius, coach=mette, by=facilitator)
    sme2 = _member("sme2@example.org")
    goal = services.add_goal(assignment=coaching, title="First Nordic customer within a year")
    services.add_task(assignment=coaching, title="List ten Danish food companies to contact", owner="sme", goal=goal)
    services.add_task(
        assignment=coaching,
        title="Introduce two Copenhagen food-tech contacts",
        owner="coach",
        due_date=timezone.localdate() + timedelta(days=14),
        goal=goal,
    )
    first, _second = _sessions(
        coaching,
        [
            (12, 10, 90, "online", "Needs audit: market access and financing first.", "Ask about the CFO search."),
            (4, 14, 60, "online", "Reviewed the target list; agreed on a pitch.", "Pitch deck too technical."),
        ],
    )
    services.confirm_session(session=first, by=sme2)
    biochar = _apply(
        call,
        "participant1@example.org",
        "Öresund Biochar AB",
        "Biochar from forestry residues: we need buyers in Finland and Lithuania.",
        ["BIO.FOREST", "CIRC.WASTE"],
        ["FI", "LT"],
    )
    _decide(biochar, facilitator, ("screening", "Complete."), ("accepted", "Good fit with the call."))
    compost = _apply(
        call,
        "participant3@example.org",
        "Københavns Kompost ApS",
        "Urban compost logistics: we want to franchise the model to Swedish cities.",
        ["CIRC.WASTE"],
        ["SE"],
    )
    _decide(compost, facilitator, ("screening", "Complete."), ("accepted", "Transnational franchising case."))
    kompost = services.assign_coach(application=compost, coach=anders, by=facilitator)
    [disputed] = _sessions(kompost, [(6, 9, 120, "on_site", "Franchise model workshop.", "")])
    services.dispute_session(
        session=disputed, by=_member("participant3@example.org"), reason="We met for one hour, not two."
    )


def seed(stdout):
    if Call.objects.filter(title=OPEN_TITLE).exists():
        stdout.write("coaching: demo calls exist already.")
        return
    facilitator = _member("facilitator@example.org")
    mette, anders = _coaches()
    _closed_call(facilitator, mette, anders)
    _open_call(facilitator, mette, anders)
    stdout.write(
        f"coaching: 2 calls, {Application.objects.count()} applications, {Assignment.objects.count()} coachings, "
        f"{CoachingSession.objects.count()} sessions, 2 coaches."
    )
