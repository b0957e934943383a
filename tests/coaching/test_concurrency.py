"""Limits that must hold when people act at the same moment (PostgreSQL row locks)."""

import threading
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coaching import services
from coaching.models import Application, CoachingSession
from tests.coaching import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(functions):
    barrier = threading.Barrier(len(functions))
    errors, done = [], []

    def go(fn):
        try:
            barrier.wait()
            done.append(fn())
        except Exception as exc:  # noqa: BLE001 -- collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(fn,)) for fn in functions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, errors


def test_twenty_reviewers_accepting_at_once_never_exceed_the_places(reference_data):
    call = f.call(places=5, region_places={"SE224": 3})
    apps = []
    for i in range(20):
        region, country = ("SE224", "SE") if i % 2 else ("LT011", "LT")
        member, org = f.sme_member(country=country, region=region)
        app = f.application(call, member=member, organisation=org)
        services.decide(application=app, by=call.created_by, to_status="screening", reason="ok")
        apps.append(app)
    done, errors = _run_together(
        [
            lambda a=a: services.decide(application=a, by=call.created_by, to_status="accepted", reason="ok")
            for a in apps
        ]
    )
    accepted = Application.objects.filter(call=call, status="accepted")
    assert accepted.count() == 5 == len(done)
    assert accepted.filter(organisation__region__code="SE224").count() <= 3
    assert len(errors) == 15 and all("places" in str(e) for e in errors)


def test_two_sessions_logged_at_once_cannot_exceed_the_allowance(reference_data):
    a = f.assignment(f.call(hours=2))
    day = (timezone.now() - timedelta(days=1)).date()

    def log(hour):
        return lambda: services.log_session(
            assignment=a,
            by=a.coach.user,
            day=day,
            start_time=time(hour),
            duration_minutes=90,
            mode="online",
            summary="x",
        )

    done, errors = _run_together([log(9), log(13)])
    assert CoachingSession.objects.filter(assignment=a).count() == 1 == len(done)
    assert len(errors) == 1 and "exceed the allowance" in str(errors[0])


def test_one_coach_logging_the_same_hour_for_two_smes_at_once_keeps_one(reference_data):
    coach = f.coach()
    a, b = f.assignment(coach_profile=coach), f.assignment(coach_profile=coach)
    day = (timezone.now() - timedelta(days=1)).date()
    done, errors = _run_together(
        [
            lambda x=x: services.log_session(
                assignment=x,
                by=coach.user,
                day=day,
                start_time=time(10),
                duration_minutes=60,
                mode="online",
                summary="x",
            )
            for x in (a, b)
        ]
    )
    assert CoachingSession.objects.filter(coach=coach.user).count() == 1
    assert len(errors) == 1 and "another session" in str(errors[0])
