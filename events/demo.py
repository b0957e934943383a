"""An upcoming matchmaking event open for registration (with a session), organised by the demo
facilitator, where some demo SMEs are registered already and sme@example.org can still register."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bsrstars.accounts.models import User
from regions.models import S3Domain

from . import followup, requests, services
from .models import Event

TITLE = "Waste to Valuables: research–business matchmaking"


PAST_TITLE = "Bio-based packaging brokerage, Tampere"
POLICY_TITLE = "Peer review: monitoring smart specialisation"


def _move_back(event, *, days: int) -> timedelta:
    """Demo events are built through the services while upcoming, then moved into the past (the
    only direct write here: demo dates)."""
    shift = timedelta(days=days)
    Event.objects.filter(pk=event.pk).update(
        start=event.start - shift,
        end=event.end - shift,
        registration_opens=event.registration_opens - shift,
        registration_closes=event.registration_closes - shift,
    )
    return shift


def _past_event():
    """A finished event with a published schedule, attendance and outcomes. Built through the
    services while it is 'upcoming', then moved back in time (the only direct write: demo dates)."""
    from .models import MatchmakingSession, Meeting, SessionBreak
    from .schedule import publish, run_now

    facilitator = User.objects.get(email="facilitator@example.org")
    zone = ZoneInfo("Europe/Helsinki")
    day = (timezone.now() + timedelta(days=10)).astimezone(zone).date()
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
    event = services.create_event(
        organiser=facilitator,
        title=PAST_TITLE,
        type="matchmaking",
        timezone="Europe/Helsinki",
        description="Companies and researchers met on bio-based and compostable packaging.",
        venue="Tampere Hall, Tampere",
        start=start,
        end=start + timedelta(hours=6),
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=start - timedelta(days=1),
        capacity=60,
        is_published=True,
        target_domains=S3Domain.objects.filter(code__in=["BIO.CHEM", "CIRC.DESIGN"]),
    )
    session = services.add_session(
        event=event,
        title="Meetings",
        start=start + timedelta(hours=1),
        end=start + timedelta(hours=3),
        slot_minutes=20,
        tables=20,
    )
    people = [
        User.objects.get(email=e)
        for e in ("sme@example.org", "participant1@example.org", "participant3@example.org", "participant4@example.org")
    ]
    regs = [services.register(event=event, person=p, organisation=p.memberships.first().organisation) for p in people]
    for a, b in ((0, 1), (0, 2), (1, 3), (2, 3), (0, 3)):
        requests.accept_request(request=requests.send_request(sender=regs[a], recipient=regs[b]), by=regs[b])
    run_now(session=session)
    publish(event=event)
    shift = _move_back(event, days=200)  # now it happened six and a half months ago
    MatchmakingSession.objects.filter(pk=session.pk).update(start=session.start - shift, end=session.end - shift)
    SessionBreak.objects.filter(session=session).delete()
    for reg in regs[:3]:
        services.mark_attendance(registration=reg, present=True)
    services.mark_attendance(registration=regs[3], present=False)
    outcomes = ["cooperation", "follow_up", "joint_project"]
    for meeting, outcome in zip(
        Meeting.objects.filter(session=session).select_related("request", "session"), outcomes, strict=False
    ):
        services.rate_meeting(meeting=meeting, registration=meeting.request.sender, outcome=outcome)
    # Six months on: everyone who met someone is asked; participant1 has answered, sme@ has not.
    followup.send_follow_up_surveys()
    regs[1].refresh_from_db()
    followup.answer(
        survey=regs[1].follow_up,
        results={m.pk: "application" for m in followup.meetings_of(regs[1])},
        comments="We applied to Interreg together with Skåne Algae Solutions.",
    )


def _policy_learning_event():
    """A past peer-review workshop the Skåne and Vilnius authorities attended (the KPI counts them)."""
    facilitator = User.objects.get(email="facilitator@example.org")
    zone = ZoneInfo("Europe/Stockholm")
    day = (timezone.now() + timedelta(days=5)).astimezone(zone).date()
    start = datetime(day.year, day.month, day.day, 13, 0, tzinfo=zone)
    event = services.create_event(
        organiser=facilitator,
        title=POLICY_TITLE,
        type="policy_learning",
        timezone="Europe/Stockholm",
        description="Regions compared how they monitor their smart-specialisation strategies.",
        venue="Malmö",
        start=start,
        end=start + timedelta(hours=4),
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=start - timedelta(days=1),
        capacity=30,
        is_published=True,
    )
    people = [User.objects.get(email=e) for e in ("authority.skane@example.org", "authority.vilnius@example.org")]
    regs = [services.register(event=event, person=p, organisation=p.memberships.first().organisation) for p in people]
    _move_back(event, days=40)
    for reg in regs:
        services.mark_attendance(registration=reg, present=True)


def seed(stdout):
    if Event.objects.filter(title=TITLE).exists():
        stdout.write("events: demo events present.")
        return
    facilitator = User.objects.get(email="facilitator@example.org")
    zone = ZoneInfo("Europe/Vilnius")
    day = (timezone.now() + timedelta(days=45)).astimezone(zone).date()
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
    event = services.create_event(
        organiser=facilitator,
        title=TITLE,
        type="matchmaking",
        timezone="Europe/Vilnius",
        description=(
            "One day of pre-arranged one-to-one meetings between companies and researchers working on "
            "turning waste and side streams into valuable products."
        ),
        venue="Vilnius Tech Park, Vilnius",
        start=start,
        end=start + timedelta(hours=8),
        registration_opens=timezone.now() - timedelta(days=7),
        registration_closes=start - timedelta(days=3),
        capacity=150,
        is_published=True,
        target_domains=S3Domain.objects.filter(code__in=["CIRC.WASTE", "CIRC.MATERIALS", "BIO.CHEM"]),
    )
    services.add_session(
        event=event,
        title="Morning meetings",
        start=start + timedelta(hours=1),
        end=start + timedelta(hours=4),
        slot_minutes=20,
        tables=40,
        breaks=[(start + timedelta(hours=2, minutes=20), start + timedelta(hours=2, minutes=40))],
    )
    # sme2 is registered already; sme@example.org still has a place to take.
    sme2 = User.objects.get(email="sme2@example.org")
    sme2_reg = services.register(event=event, person=sme2, organisation=sme2.memberships.get().organisation)
    requests.add_profile(
        registration=sme2_reg,
        kind="offer",
        title="Fermentation trials for food side streams",
        description="Lab and pilot fermentation for companies turning side streams into ingredients.",
        domains=S3Domain.objects.filter(code__in=["BIO.TECH", "CIRC.WASTE"]),
    )
    participants = _demo_participants(event)
    # Some ask sme2 for a meeting (pending: sme2 has answers to give); two pairs agreed already.
    for reg in participants[:3]:
        requests.send_request(sender=reg, recipient=sme2_reg, message="We would like to hear about your trials.")
    for a, b in ((participants[3], participants[4]), (participants[4], participants[5])):
        requests.accept_request(request=requests.send_request(sender=a, recipient=b), by=b)
    _past_event()
    _policy_learning_event()
    stdout.write(f"events: a past event with outcomes; an upcoming one with {len(participants) + 1} participants.")


PARTICIPANTS = [
    ("Karin Berg", "Öresund Biochar AB", "offer", "Biochar from forestry residues", ["BIO.FOREST", "CIRC.WASTE"]),
    ("Jonas Petraitis", "UAB Kauno pluoštas", "request", "Partners for NIR textile sorting", ["CIRC.MATERIALS"]),
    ("Mette Holm", "Københavns Kompost ApS", "offer", "Urban compost logistics", ["CIRC.WASTE"]),
    (
        "Aino Mäkinen",
        "Tampere Circular Robotics Oy",
        "offer",
        "Robotic sorting of construction waste",
        ["DIG.AUTOMATION", "CIRC.WASTE"],
    ),
    (
        "Ola Nordmann",
        "Oslo Reuse Hub AS",
        "partnership",
        "A Nordic marketplace for reused materials",
        ["CIRC.MATERIALS"],
    ),
    ("Ruta Jankauskaite", "UAB Žaliasis ciklas", "request", "Chemical recycling partners", ["CIRC.MATERIALS"]),
]


def _demo_participants(event):
    """People from demo companies (members with verified email, password demo-bsr-2026)."""
    from bsrstars.accounts.demo import demo_user
    from bsrstars.accounts.models import Organisation
    from bsrstars.accounts.services import add_member

    registrations = []
    for index, (name, company, kind, title, domains) in enumerate(PARTICIPANTS):
        email = f"participant{index + 1}@example.org"
        user = demo_user(email, name)
        organisation = Organisation.objects.get(name=company)
        add_member(organisation=organisation, user=user, is_admin=not organisation.memberships.exists())
        registration = services.register(event=event, person=user, organisation=organisation)
        requests.add_profile(
            registration=registration,
            kind=kind,
            title=title,
            description=title + ".",
            domains=S3Domain.objects.filter(code__in=domains),
        )
        registrations.append(registration)
    return registrations
