"""An upcoming matchmaking event open for registration (with a session), organised by the demo
facilitator, where some demo SMEs are registered already and sme@example.org can still register."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bsrstars.accounts.models import User
from regions.models import S3Domain

from . import services
from .models import Event

TITLE = "Waste to Valuables: research–business matchmaking"


def seed(stdout):
    if Event.objects.filter(title=TITLE).exists():
        stdout.write("events: demo event present.")
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
    services.register(event=event, person=sme2, organisation=sme2.memberships.get().organisation)
    stdout.write("events: demo event with one session and one registration.")
