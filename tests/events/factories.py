from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events import services
from tests.factories import UserFactory, give_role


def local_day(tz="Europe/Vilnius", *, days=30, hour=9):
    """`hour`:00 wall-clock time in `tz`, `days` days from today: tests that check local times
    need a fixed hour, and a date relative to now keeps them from expiring (registration opens
    yesterday in `event()`, so a fixed date would close it once that date came)."""
    zone = ZoneInfo(tz)
    today = timezone.now().astimezone(zone).date()
    return datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)


def event(organiser=None, *, capacity=10, published=True, opens_in_days=-1, tz="Europe/Vilnius", **fields):
    if organiser is None:
        organiser = UserFactory()
        give_role(organiser, "facilitator")
    start = timezone.now() + timedelta(days=30)
    data = {
        "title": "Waste to Valuables",
        "description": "Matchmaking on circular economy.",
        "type": "matchmaking",
        "venue": "Vilnius",
        "timezone": tz,
        "start": start,
        "end": start + timedelta(hours=8),
        "registration_opens": timezone.now() + timedelta(days=opens_in_days),
        "registration_closes": start - timedelta(days=1),
        "capacity": capacity,
        "is_published": published,
    }
    data.update(fields)
    return services.create_event(organiser=organiser, **data)


def crowd(event, n, *, status="registered", attended=None):
    """`n` registrations at `event` made in bulk (people share two organisations): the size a
    page must cope with, without building each through the services."""
    from bsrstars.accounts.models import User
    from events.models import Registration
    from tests.factories import person

    orgs = [person(country=c).memberships.get().organisation for c in ("SE", "LT")]
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"crowd{start + i}@example.test", full_name=f"Crowd Person {start + i:05d}") for i in range(n)
    )
    return Registration.objects.bulk_create(
        Registration(event=event, person=u, organisation=orgs[i % 2], status=status, attended=attended)
        for i, u in enumerate(users)
    )


def filled_session(event, meetings, *, tables, slots):
    """A session of `slots` slots x `tables` tables holding `meetings` meetings (made in bulk;
    the grid and reports only read them)."""
    import itertools

    from events.models import Meeting, MeetingRequest

    session = services.add_session(
        event=event,
        start=event.start,
        end=event.start + timedelta(minutes=20 * slots),
        slot_minutes=20,
        tables=tables,
    )
    people = crowd(event, int((2 * meetings) ** 0.5) + 2)
    pairs = itertools.islice(itertools.combinations(people, 2), meetings)
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(event=event, sender=a, recipient=b, status="accepted") for a, b in pairs
    )
    Meeting.objects.bulk_create(
        Meeting(session=session, request=r, slot=i // tables, table=i % tables + 1) for i, r in enumerate(requests)
    )
    return session
