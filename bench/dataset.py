"""The data set of bench/pages.py: the demo data plus, by bulk writes, 10,000 SMEs (profiles,
domains, one member each), 200 matchmaking events with registrations, cooperation profiles and
about 50,000 scheduled meetings (54,000 requests), outcomes for the past events' meetings.

Valid as the services would leave it: every registration's person is a member of its
organisation, a meeting is an accepted request of two registrations of the same event, no two
meetings share a cell (session, slot, table) and nobody has two meetings in one slot (the
pairs of each slot come from a round-robin), past events have attendance, future ones none.
One "big" event has 500 participants and 2,500 meetings (the schedule grid, check-in list,
report); the bench's SME member takes part in it with 9 requests, and in an upcoming event of 500
participants (partner suggestions score them all). Called with Django set up.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SMES = 10_000
EVENTS = 200
BIG_EVENT_PEOPLE = 500
BIG_EVENT_ROUNDS = 10  # 250 meetings a round: 2,500 meetings
PEOPLE_PER_EVENT = 100
MEETINGS_PER_EVENT = 239  # 199 × 239 + 2,500 ≈ 50,000
PENDING_PER_EVENT = 20
BATCH = 5_000
BENCH_USER = "bench.sme@example.org"
BIG_TITLE = "Bench: Baltic bio-economy brokerage (500 participants)"
UPCOMING_TITLE = "Bench: upcoming circular-economy brokerage (500 participants)"

WORDS = [
    "Algae",
    "Biochar",
    "Fibre",
    "Circular",
    "Forest",
    "Marine",
    "Enzyme",
    "Protein",
    "Robotics",
    "Data",
    "Packaging",
    "Compost",
    "Hydrogen",
    "Textile",
    "Grain",
]
ABOUT = [
    "bio-based materials from forestry side streams",
    "biorefinery services for food producers",
    "digital traceability for recycled plastics",
    "circular design of consumer products",
    "fermentation and enzyme development",
    "sorting robots for construction waste",
    "marine biomass and seaweed processing",
    "energy from agricultural residues",
]
NACE = ["C10.11", "C20.14", "C22.22", "M72.11", "J62.01", "A02.20", "E38.32", "C17.12", "M74.10"]


def round_robin(n: int, rounds: int) -> list[list[tuple[int, int]]]:
    """`rounds` rounds of the circle method on n (even) people: each round pairs everybody once,
    and no pair meets twice."""
    people = list(range(n))
    result = []
    for _ in range(rounds):
        result.append([(people[i], people[n - 1 - i]) for i in range(n // 2)])
        people = [people[0], people[-1], *people[1:-1]]
    return result


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def build(stdout=print, seed: int = 13) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from bsrstars.accounts.models import Membership, Organisation, User
    from events.models import (
        CooperationProfile,
        Event,
        MatchmakingSession,
        Meeting,
        MeetingOutcome,
        MeetingRequest,
        Registration,
    )
    from regions.models import Region, S3Domain
    from smes.models import SMEProfile
    from smes.sizing import classify

    rng = random.Random(seed)
    now = timezone.now()
    if Event.objects.filter(title=BIG_TITLE).exists():
        stdout("dataset: present already.")
        return info()
    regions = list(Region.objects.filter(level=3, country__in=["SE", "DK", "FI", "LT", "NO"]).order_by("code"))
    skane = Region.objects.get(code="SE224")
    domains = list(S3Domain.objects.filter(parent__isnull=False).order_by("code"))
    password = make_password("demo-bsr-2026")

    with transaction.atomic():
        # Companies, their profiles and S3 domains, one member (the person who registers them).
        orgs = []
        for i in range(SMES):
            region = skane if i % 10 == 0 else rng.choice(regions)
            orgs.append(
                Organisation(
                    name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} Bench {i:05d}",
                    kind="sme",
                    country=region.country,
                    region=region,
                    created_at=now - timedelta(days=rng.randrange(1, 1000)),
                )
            )
        orgs = _bulk(Organisation, orgs)
        profiles = []
        for i, org in enumerate(orgs):
            employees = rng.randrange(1, 400)
            turnover = Decimal(rng.randrange(50, 60_000)) * 1000
            balance = Decimal(rng.randrange(50, 50_000)) * 1000
            nace = rng.choice(NACE)
            profiles.append(
                SMEProfile(
                    organisation=org,
                    city="Malmö" if org.region_id == skane.pk else "Bench city",
                    nace_code=nace,
                    nace_section=nace[0],
                    employees=employees,
                    annual_turnover_eur=turnover,
                    balance_sheet_total_eur=balance,
                    founding_year=rng.randrange(1950, 2025),
                    description=f"We work on {rng.choice(ABOUT)}.",
                    offers=rng.choice(ABOUT),
                    needs=rng.choice(ABOUT),
                    contact_name=f"Contact {i}",
                    contact_email=f"info{i}@bench.example",
                    contact_public=i % 2 == 0,
                    figures_public=i % 3 == 0,
                    size_class=classify(employees, turnover, balance),
                )
            )
        _bulk(SMEProfile, profiles)
        for field in ("s3_domains", "offer_domains", "need_domains"):
            through = getattr(SMEProfile, field).through
            rows = []
            for org in orgs:
                picks = rng.sample(domains, 3 if field == "s3_domains" else 1)
                rows += [through(smeprofile_id=org.pk, s3domain_id=d.pk) for d in picks]
            _bulk(through, rows)
        users = _bulk(
            User,
            [
                User(email=f"bench{i:05d}@bench.example", full_name=f"Bench Person {i}", password=password)
                for i in range(SMES)
            ],
        )
        _bulk(Membership, [Membership(user=u, organisation=o, is_admin=True) for u, o in zip(users, orgs)])
        # The bench's SME member (signed in by the bench): member of the first company.
        bench_user = User.objects.create(email=BENCH_USER, full_name="Bench SME member", password=password)
        Membership.objects.create(user=bench_user, organisation=orgs[0], is_admin=True)
        stdout(f"dataset: {SMES} SMEs with profiles and members.")

        facilitator = User.objects.get(email="facilitator@example.org")
        people = list(zip(users, orgs))
        events, sessions = [], []
        zone = ZoneInfo("Europe/Stockholm")
        for e in range(EVENTS):
            big = e == 0
            if big:
                day = now - timedelta(days=10)
            elif e == 1:
                day = now + timedelta(days=14)
            elif e < 150:
                day = now - timedelta(days=30 + 5 * e)
            else:
                day = now + timedelta(days=20 + 3 * (e - 150))
            day = day.astimezone(zone)
            start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=zone)
            past = start < now
            events.append(
                Event(
                    title=BIG_TITLE
                    if big
                    else UPCOMING_TITLE
                    if e == 1
                    else f"Bench matchmaking {e:03d}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                    description="A matchmaking event of the benchmark's data set.",
                    type="matchmaking",
                    timezone="Europe/Stockholm",
                    venue="Bench venue",
                    start=start,
                    end=start + timedelta(hours=8),
                    registration_opens=start - timedelta(days=60),
                    registration_closes=start - timedelta(days=2),
                    capacity=1000,
                    organiser=facilitator,
                    is_published=True,
                    created_at=start - timedelta(days=70),
                    schedule_published_at=(start - timedelta(days=1)) if past or big else None,
                )
            )
        events = _bulk(Event, events)
        for event in events:
            sessions.append(
                MatchmakingSession(
                    event=event,
                    title="Meetings",
                    start=event.start + timedelta(hours=1),
                    end=event.start + timedelta(hours=6),
                    slot_minutes=20,
                    tables=250 if event.title == BIG_TITLE else 60,
                )
            )
        sessions = _bulk(MatchmakingSession, sessions)

        registrations: list[list[Registration]] = []
        regs = []
        cursor = 0
        for event in events:
            big = event.title == BIG_TITLE
            n = BIG_EVENT_PEOPLE if event.title in (BIG_TITLE, UPCOMING_TITLE) else PEOPLE_PER_EVENT
            chosen = [people[(cursor + k) % len(people)] for k in range(n)]
            cursor += n
            if event.title in (BIG_TITLE, UPCOMING_TITLE):
                chosen[0] = (bench_user, orgs[0])
            past = event.start < now
            rows = [
                Registration(
                    event=event,
                    person=user,
                    organisation=org,
                    status="registered",
                    created_at=event.registration_opens + timedelta(hours=k),
                    status_changed_at=event.registration_opens + timedelta(hours=k),
                    attended=(rng.random() < 0.85) if past else None,
                )
                for k, (user, org) in enumerate(chosen)
            ]
            registrations.append(rows)
            regs += rows
        regs = _bulk(Registration, regs)
        # Two cooperation profiles for each participant (what recommendations read).
        profile_rows = []
        for reg in regs:
            for kind in ("offer", "request"):
                profile_rows.append(
                    CooperationProfile(
                        registration=reg, kind=kind, title=f"{kind.title()}: {rng.choice(ABOUT)}", description="Bench."
                    )
                )
        profile_rows = _bulk(CooperationProfile, profile_rows)
        through = CooperationProfile.domains.through
        _bulk(
            through,
            [
                through(cooperationprofile_id=p.pk, s3domain_id=d.pk)
                for p in profile_rows
                for d in rng.sample(domains, 2)
            ],
        )
        stdout(f"dataset: {len(events)} events, {len(regs)} registrations.")

        requests, meetings_of = [], []
        for event, session, rows in zip(events, sessions, registrations):
            big = event.title == BIG_TITLE
            rounds = round_robin(len(rows), (BIG_EVENT_ROUNDS if big else 5) + 1)
            scheduled = [p for r in rounds[:-1] for p in r]
            if not big:
                scheduled = scheduled[:MEETINGS_PER_EVENT]
            when = event.registration_closes - timedelta(days=5)
            for a, b in scheduled:
                requests.append(
                    MeetingRequest(
                        event=event,
                        sender=rows[a],
                        recipient=rows[b],
                        status="accepted",
                        created_at=when,
                        responded_at=when + timedelta(hours=3),
                    )
                )
            meetings_of.append((session, len(scheduled), len(rounds[0])))
            # Pending and declined requests from the last round (pairs without a meeting).
            for k, (a, b) in enumerate(rounds[-1][:PENDING_PER_EVENT]):
                requests.append(
                    MeetingRequest(
                        event=event,
                        sender=rows[a],
                        recipient=rows[b],
                        status="pending" if k % 2 else "declined",
                        created_at=when,
                    )
                )
        requests = _bulk(MeetingRequest, requests)
        meetings, index = [], 0
        for session, count, per_round in meetings_of:
            for k in range(count):
                meetings.append(
                    Meeting(session=session, request=requests[index + k], slot=k // per_round, table=k % per_round + 1)
                )
            index += count + PENDING_PER_EVENT
        meetings = _bulk(Meeting, meetings)
        by_id = {r.pk: r for r in requests}
        outcomes = []
        for meeting in meetings:
            request = by_id[meeting.request_id]
            if request.event.start < now and rng.random() < 0.4:
                outcomes.append(
                    MeetingOutcome(
                        meeting=meeting,
                        registration=request.sender,
                        outcome=rng.choice(["no_interest", "follow_up", "cooperation", "joint_project"]),
                        rated_at=request.event.end + timedelta(days=1),
                    )
                )
        _bulk(MeetingOutcome, outcomes)
        stdout(f"dataset: {len(requests)} meeting requests, {len(meetings)} meetings, {len(outcomes)} outcomes.")
    return info()


def info() -> dict:
    """Ids the pages need: the big event, the upcoming one, one of the bench member's meetings."""
    from events.models import Event, Meeting

    event = Event.objects.get(title=BIG_TITLE)
    meeting = Meeting.objects.filter(request__sender__person__email=BENCH_USER).order_by("pk").first()
    upcoming = Event.objects.get(title=UPCOMING_TITLE)
    return {"big_event": event.pk, "upcoming_event": upcoming.pk, "bench_meeting": meeting.pk if meeting else None}
