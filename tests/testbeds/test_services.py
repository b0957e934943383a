"""The access workflow: eligibility, bad input, each review step and who may take it, bookings
with buffers and blackouts at the edges, moves, cancellations and the usage report."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bsrstars.notifications.models import Notification
from testbeds import services
from testbeds.models import AccessApplication, ApplicationStatus, Booking, TimeBlock
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


# --- applications: eligibility and bad input --------------------------------------------------


def test_sme_from_another_country_can_apply_transnationally():
    application = f.draft()
    services.submit_application(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert [e.action for e in application.history.all()] == ["drafted", "submitted"]


def test_company_from_the_facilitys_country_is_refused_in_a_transnational_call():
    applicant, organisation = f.sme_member(country="NO", region="NO060")
    with pytest.raises(ValidationError) as exc:
        f.draft(applicant=applicant, organisation=organisation)
    assert "transnational" in _errors(exc)["facility"][0]
    assert AccessApplication.objects.count() == 0


def test_same_country_is_fine_when_the_call_allows_it():
    applicant, organisation = f.sme_member(country="NO", region="NO060")
    application = f.draft(f.call(transnational_only=False), applicant=applicant, organisation=organisation)
    assert application.status == ApplicationStatus.DRAFT


def test_a_company_that_is_not_an_sme_is_refused():
    from smes.services import update_company

    applicant, organisation = f.sme_member()

    update_company(
        organisation=organisation,
        name=organisation.name,
        region=organisation.region,
        website="",
        profile={
            "employees": 400,
            "annual_turnover_eur": Decimal("90000000"),
            "balance_sheet_total_eur": Decimal("90000000"),
        },
    )
    with pytest.raises(ValidationError) as exc:
        f.draft(applicant=applicant, organisation=organisation)
    assert "not an SME" in _errors(exc)["company"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"desired_start_days": 20, "desired_end_days": 10}, "desired_end"),
        ({"desired_start_days": -3, "desired_end_days": 10}, "desired_start"),
        ({"duration_days": 45}, "duration_days"),
        ({"requested_amount": Decimal("10000.01")}, "requested_amount"),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(overrides, field):
    from django.utils import timezone

    today = timezone.localdate()
    if "desired_start_days" in overrides:
        overrides = {
            "desired_start": today + timedelta(days=overrides["desired_start_days"]),
            "desired_end": today + timedelta(days=overrides["desired_end_days"]),
        }
    with pytest.raises(ValidationError) as exc:
        f.draft(**overrides)
    assert list(_errors(exc)) == [field]
    assert AccessApplication.objects.count() == 0


def test_a_duration_the_unit_cannot_take_is_refused():
    with pytest.raises(ValidationError) as exc:
        f.draft(the_unit=f.unit(min_days=7, max_days=14), duration_days=5)
    assert "7 to 14 days" in _errors(exc)["duration_days"][0]


def test_a_unit_of_another_facility_is_refused():
    mine, other = f.unit(), f.unit(name="Analytics lab")
    applicant, organisation = f.sme_member()
    with pytest.raises(ValidationError) as exc:
        services.save_draft(
            applicant=applicant,
            company=organisation,
            call=f.call(),
            facility=mine.facility,
            units=[mine, other],
            **f.application_fields(),
        )
    assert "another facility" in _errors(exc)["units"][0]
    assert AccessApplication.objects.count() == 0


def test_a_closed_call_takes_no_applications():
    from django.utils import timezone

    today = timezone.localdate()
    closed = f.call(opens=today - timedelta(days=30), closes=today - timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        f.draft(closed)
    assert "closed" in _errors(exc)["call"][0]


def test_submission_needs_the_de_minimis_declaration():
    application = f.draft(de_minimis_declared=False)
    with pytest.raises(ValidationError) as exc:
        services.submit_application(application=application, by=application.applicant)
    assert list(_errors(exc)) == ["de_minimis_declared"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submission_tells_the_facilitys_operators_and_the_applicant():
    application = f.draft()
    services.submit_application(application=application, by=application.applicant)
    operator = services.selectors.operators_of(application.facility).get()
    assert Notification.objects.filter(recipient=operator, kind="testbeds_submitted").count() == 1
    assert Notification.objects.filter(recipient=application.applicant, kind="testbeds_status").count() == 1


# --- review and decision ----------------------------------------------------------------------


def test_another_operator_cannot_review():
    application = f.draft()
    services.submit_application(application=application, by=application.applicant)
    stranger = f.operator()
    with pytest.raises(ValidationError):
        services.review_application(
            application=application,
            by=stranger,
            feasible=True,
            proposed_start=f.at(25),
            proposed_end=f.at(30),
            proposed_price=Decimal("5000"),
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_not_feasible_needs_a_reason_and_tells_the_applicant():
    application = f.draft()
    services.submit_application(application=application, by=application.applicant)
    operator = services.selectors.operators_of(application.facility).get()
    with pytest.raises(ValidationError):
        services.review_application(application=application, by=operator, feasible=False)
    services.review_application(application=application, by=operator, feasible=False, comment="Too viscous.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_FEASIBLE
    assert application.operator_comment == "Too viscous."
    assert Notification.objects.filter(recipient=application.applicant, kind="testbeds_status").count() == 2


def test_feasible_review_asks_the_programme_to_decide():
    admin = f.admin()
    application = f.feasible(f.draft())
    assert application.status == ApplicationStatus.FEASIBLE
    assert Notification.objects.filter(recipient=admin, kind="testbeds_reviewed").count() == 1


def test_only_the_programme_decides():
    application = f.feasible(f.draft())
    operator = services.selectors.operators_of(application.facility).get()
    with pytest.raises(ValidationError):
        services.decide_application(application=application, by=operator, approve=True)
    assert Booking.objects.count() == 0


def test_approval_books_the_unit_and_tells_applicant_and_operator():
    application = f.booked()
    booking = Booking.objects.get()
    assert (booking.start, booking.end) == (application.proposed_start, application.proposed_end)
    assert application.status == ApplicationStatus.APPROVED
    assert application.granted_amount == Decimal("6000")
    operator = services.selectors.operators_of(application.facility).get()
    assert Notification.objects.filter(kind="testbeds_decided", recipient=operator).count() == 1
    assert Notification.objects.filter(kind="testbeds_decided", recipient=application.applicant).count() == 1
    assert [e.action for e in application.history.all()] == ["drafted", "submitted", "feasible", "approved"]


def test_rejection_needs_a_reason():
    application = f.feasible(f.draft())
    with pytest.raises(ValidationError):
        services.decide_application(application=application, by=f.admin(), approve=False)
    services.decide_application(application=application, by=f.admin(), approve=False, reason="Budget priorities.")
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (ApplicationStatus.REJECTED, "Budget priorities.")


def test_voucher_above_the_cap_or_the_cofinancing_share_is_refused():
    the_call = f.call(rate=50)
    application = f.feasible(f.draft(the_call), price="8000")
    with pytest.raises(ValidationError) as exc:
        services.decide_application(application=application, by=f.admin(), approve=True, amount=Decimal("4000.01"))
    assert "50 %" in _errors(exc)["amount"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FEASIBLE
    services.decide_application(application=application, by=f.admin(), approve=True, amount=Decimal("4000"))


def test_the_calls_number_of_projects_and_budget_hold():
    the_call = f.call(max_projects=2, total_budget="10000")
    the_unit = f.unit()
    first = f.booked(f.draft(the_call, the_unit), start=f.at(25), end=f.at(27), amount="6000")
    assert first.status == ApplicationStatus.APPROVED
    second = f.feasible(f.draft(the_call, the_unit), start=f.at(30), end=f.at(32))
    with pytest.raises(ValidationError) as exc:
        services.decide_application(application=second, by=f.admin(), approve=True, amount=Decimal("5000"))
    assert "4000" in _errors(exc)["amount"][0]
    services.decide_application(application=second, by=f.admin(), approve=True, amount=Decimal("4000"))
    third = f.feasible(f.draft(the_call, the_unit), start=f.at(35), end=f.at(37))
    with pytest.raises(ValidationError, match="2 projects"):
        services.decide_application(application=third, by=f.admin(), approve=True, amount=Decimal("1"))
    assert services.call_totals(the_call)["granted"] == Decimal("10000")


# --- bookings: overlaps, buffers, blackouts ---------------------------------------------------


def _two(the_unit, first, second):
    """Two accesses to one unit, both found feasible while the unit was free; the first is
    approved for `first` ((start, end)), the second, proposed for `second`, is returned."""
    the_call = f.call()
    one = f.feasible(f.draft(the_call, the_unit), start=first[0], end=first[1])
    other = f.feasible(f.draft(the_call, the_unit), start=second[0], end=second[1])
    services.decide_application(application=one, by=f.admin(), approve=True)
    return other


def test_touching_periods_are_allowed():
    the_unit = f.unit()
    other = _two(the_unit, (f.at(20), f.at(25)), (f.at(25), f.at(27)))
    services.decide_application(application=other, by=f.admin(), approve=True)
    assert Booking.objects.filter(unit=the_unit).count() == 2


def test_a_one_minute_overlap_is_refused_and_the_application_is_unchanged():
    the_unit = f.unit()
    other = _two(the_unit, (f.at(20), f.at(25)), (f.at(25) - timedelta(minutes=1), f.at(27)))
    with pytest.raises(services.BookingConflict, match="is booked from"):
        services.decide_application(application=other, by=f.admin(), approve=True)
    other.refresh_from_db()
    assert (other.status, other.granted_amount) == (ApplicationStatus.FEASIBLE, None)
    assert Booking.objects.filter(unit=the_unit).count() == 1
    assert [e.action for e in other.history.all()] == ["drafted", "submitted", "feasible"]


def test_the_buffer_after_a_booking_is_kept_free():
    the_unit = f.unit(buffer_hours=4)
    other = _two(the_unit, (f.at(20), f.at(25)), (f.at(25, hour=11) + timedelta(minutes=59), f.at(27)))
    with pytest.raises(services.BookingConflict, match="buffer included"):
        services.decide_application(application=other, by=f.admin(), approve=True)
    exactly = _two(the_unit, (f.at(40), f.at(45)), (f.at(45, hour=12), f.at(47)))
    services.decide_application(application=exactly, by=f.admin(), approve=True)
    assert Booking.objects.filter(unit=the_unit).count() == 3


def test_a_booking_before_another_keeps_its_own_buffer():
    the_unit = f.unit(buffer_hours=4)
    other = _two(the_unit, (f.at(25), f.at(30)), (f.at(20), f.at(25, hour=5)))
    with pytest.raises(services.BookingConflict):
        services.decide_application(application=other, by=f.admin(), approve=True)


def test_blackouts_at_the_edges():
    the_unit = f.unit(buffer_hours=2)
    operator = services.selectors.operators_of(the_unit.facility).get()
    services.add_blackout(unit=the_unit, by=operator, start=f.at(18), end=f.at(20), reason="Maintenance")
    services.add_blackout(unit=the_unit, by=operator, start=f.at(25, hour=10), end=f.at(26), reason="Own use")
    # From the moment the first blackout ends until the second starts, buffer included: allowed.
    application = f.booked(start=f.at(20), end=f.at(25), by=f.admin(), application=f.draft(the_unit=the_unit))
    assert application.status == ApplicationStatus.APPROVED
    with pytest.raises(ValidationError, match="move or cancel it first"):
        services.add_blackout(unit=the_unit, by=operator, start=f.at(25, hour=9), end=f.at(25, hour=10))


def test_a_booking_into_a_blackout_is_refused():
    the_unit = f.unit()
    operator = services.selectors.operators_of(the_unit.facility).get()
    services.add_blackout(unit=the_unit, by=operator, start=f.at(25), end=f.at(26))
    application = f.draft(the_unit=the_unit)
    services.submit_application(application=application, by=application.applicant)
    with pytest.raises(ValidationError, match="is blocked from"):
        services.review_application(
            application=application,
            by=operator,
            feasible=True,
            proposed_start=f.at(21),
            proposed_end=f.at(25) + timedelta(minutes=1),
            proposed_price=Decimal("1000"),
        )


def test_periods_in_the_past_or_too_long_are_refused():
    the_unit = f.unit(max_days=3)
    application = f.draft(the_unit=the_unit, duration_days=3)
    services.submit_application(application=application, by=application.applicant)
    operator = services.selectors.operators_of(the_unit.facility).get()
    for start, end in ((f.at(-1), f.at(1)), (f.at(20), f.at(24)), (f.at(20), f.at(19))):
        with pytest.raises(ValidationError):
            services.review_application(
                application=application,
                by=operator,
                feasible=True,
                proposed_start=start,
                proposed_end=end,
                proposed_price=Decimal("1000"),
            )


def test_moving_a_booking_follows_the_same_rules_and_tells_the_sme():
    the_unit = f.unit(buffer_hours=1)
    the_call = f.call()
    first = f.booked(f.draft(the_call, the_unit), start=f.at(20), end=f.at(22))
    f.booked(f.draft(the_call, the_unit), start=f.at(30), end=f.at(32))
    booking = first.bookings.get()
    operator = services.selectors.operators_of(the_unit.facility).get()
    with pytest.raises(services.BookingConflict):
        services.move_booking(
            booking=booking, by=operator, start=f.at(29), end=f.at(30, hour=7) + timedelta(minutes=30)
        )
    moved = services.move_booking(booking=booking, by=operator, start=f.at(24), end=f.at(26))
    assert (moved.start, moved.blocked_until) == (f.at(24), f.at(26) + timedelta(hours=1))
    notice = Notification.objects.get(recipient=first.applicant, kind="testbeds_booking")
    assert notice.payload["change"] == "moved"


def test_cancelling_frees_the_time_and_tells_the_sme():
    the_unit = f.unit()
    application = f.booked(f.draft(the_unit=the_unit), start=f.at(20), end=f.at(22))
    operator = services.selectors.operators_of(the_unit.facility).get()
    services.cancel_booking(booking=application.bookings.get(), by=operator, reason="Equipment failure")
    services.add_blackout(unit=the_unit, by=operator, start=f.at(20), end=f.at(22))
    assert Notification.objects.get(recipient=application.applicant, kind="testbeds_booking").payload["change"] == (
        "cancelled"
    )


# --- after the access -------------------------------------------------------------------------


def _ended(application, days_ago=20):
    """Move a booked access into the past (the only direct write: test dates)."""
    shift = timedelta(days=days_ago) + (application.proposed_end - f.at(0))
    TimeBlock.objects.filter(application=application).update(
        start=application.proposed_start - shift,
        end=application.proposed_end - shift,
        blocked_until=application.proposed_end - shift,
    )


def test_usage_report_after_the_booking_then_operator_confirms():
    application = f.booked()
    with pytest.raises(ValidationError, match="has ended"):
        services.submit_usage_report(application=application, by=application.applicant, results="y")
    _ended(application)
    report = services.submit_usage_report(
        application=application,
        by=application.applicant,
        what_was_tested="Whey fermentation at 800 L.",
        results="Titre 30 g/L.",
        plans_scale_up=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    operator = services.selectors.operators_of(application.facility).get()
    services.confirm_usage(report=report, by=operator, days_used=Decimal("4.5"), hours_used=Decimal("36"))
    report.refresh_from_db()
    assert (report.days_used, report.confirmed_by) == (Decimal("4.5"), operator)


def test_overdue_report_reminder_is_sent_once():
    application = f.booked()
    assert services.send_report_reminders() == 0
    _ended(application, days_ago=services.REPORT_DUE_AFTER.days + 1)
    assert services.send_report_reminders() == 1
    assert services.send_report_reminders() == 0
    assert Notification.objects.filter(recipient=application.applicant, kind="testbeds_report_due").count() == 1
