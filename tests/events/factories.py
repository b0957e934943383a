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
