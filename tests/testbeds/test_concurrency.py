"""On PostgreSQL, with real row locks and the exclusion constraint: concurrent approvals never
double-book a unit, concurrent grants never exceed a call's budget, and the database itself
refuses overlapping blocks written past the service."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from testbeds import services
from testbeds.models import AccessApplication, ApplicationStatus, Booking, TimeBlock
from tests.testbeds import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _all_at_once(applications, admin, amount):
    barrier = threading.Barrier(len(applications))
    outcomes = {}

    def approve(application):
        try:
            barrier.wait()
            services.decide_application(application=application, by=admin, approve=True, amount=amount)
            outcomes[application.pk] = "approved"
        except services.TestbedError as exc:
            outcomes[application.pk] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twenty_concurrent_approvals_for_overlapping_periods_make_exactly_one_booking(reference_data):
    """Spread over four calls, so the call's lock does not line them up: the unit's lock (and the
    exclusion constraint) must."""
    the_unit, admin = f.unit(buffer_hours=2), f.admin()
    calls = [f.call(max_projects=50, total_budget="500000") for _ in range(4)]
    applications = [
        f.feasible(
            f.draft(calls[i % 4], the_unit), start=f.at(20) + timedelta(hours=i), end=f.at(24) + timedelta(hours=i)
        )
        for i in range(20)
    ]
    outcomes = _all_at_once(applications, admin, Decimal("5000"))
    assert list(outcomes.values()).count("approved") == 1
    refused = [text for text in outcomes.values() if text != "approved"]
    assert len(refused) == 19 and all("choose another period" in text for text in refused)
    assert Booking.objects.filter(unit=the_unit).count() == 1
    statuses = sorted(AccessApplication.objects.values_list("status", flat=True))
    assert statuses == [ApplicationStatus.APPROVED] + [ApplicationStatus.FEASIBLE] * 19
    assert not AccessApplication.objects.filter(status=ApplicationStatus.FEASIBLE, granted_amount__isnull=False)


def test_concurrent_grants_never_exceed_the_calls_budget_or_projects(reference_data):
    the_call, admin = f.call(max_projects=5, total_budget="15000"), f.admin()
    applications = [f.feasible(f.draft(the_call, f.unit()), start=f.at(20), end=f.at(22)) for _ in range(10)]
    outcomes = _all_at_once(applications, admin, Decimal("4000"))
    assert list(outcomes.values()).count("approved") == 3
    totals = services.call_totals(the_call)
    assert (totals["projects"], totals["granted"]) == (3, Decimal("12000"))


def test_the_database_refuses_overlapping_blocks_written_past_the_service(reference_data):
    application = f.booked(start=f.at(20), end=f.at(25))
    booking = application.bookings.get()
    clash = TimeBlock(
        unit=booking.unit,
        kind="blackout",
        start=booking.end - timedelta(minutes=1),
        end=booking.end + timedelta(hours=1),
        blocked_until=booking.end + timedelta(hours=1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    touching = TimeBlock(
        unit=booking.unit, kind="blackout", start=booking.end, end=booking.end + DAY, blocked_until=booking.end + DAY
    )
    touching.save()
    assert TimeBlock.objects.filter(unit=booking.unit).count() == 2


DAY = timedelta(days=1)


def test_concurrent_moves_into_the_same_period_leave_one_booking_there(reference_data):
    the_unit, the_call = f.unit(), f.call()
    operator = f.services.selectors.operators_of(the_unit.facility).get()
    bookings = [
        f.booked(f.draft(the_call, the_unit), start=f.at(20 + 3 * i), end=f.at(21 + 3 * i)).bookings.get()
        for i in range(6)
    ]
    barrier = threading.Barrier(len(bookings))
    moved = []

    def move(booking):
        try:
            barrier.wait()
            services.move_booking(booking=booking, by=operator, start=f.at(40), end=f.at(42))
            moved.append(booking.pk)
        except services.BookingConflict:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(b,)) for b in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(moved) == 1
    assert Booking.objects.filter(unit=the_unit, start=f.at(40)).count() == 1
    assert Booking.objects.filter(unit=the_unit).count() == 6
