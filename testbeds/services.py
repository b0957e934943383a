"""Writes for test facilities: catalogue upkeep, calls, the application workflow, bookings,
blackouts and usage reports. Each function runs in one transaction and raises TestbedError
(a ValidationError, by field where a form field is to blame) with nothing saved.

Locks, always in this order: the call, the application, then units by id. A voucher decision
locks the call, so granted amounts never exceed its budget or number of projects; every write
of time on a unit (booking, move, blackout) locks the unit and checks the one time rule of
availability.py. On PostgreSQL an exclusion constraint holds the same rule in the database.
"""

import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.accounts.models import Membership
from bsrstars.accounts.rules import is_programme_admin
from bsrstars.notifications.services import notify
from smes.services import is_eligible_sme

from . import availability, selectors
from .models import (
    GRANTED,
    AccessApplication,
    ApplicationEvent,
    ApplicationStatus,
    Blackout,
    BlockStatus,
    Booking,
    Facility,
    TimeBlock,
    Unit,
    UsageReport,
    VoucherCall,
)
from .rules import operates

REPORT_DUE_AFTER = timedelta(days=14)


class TestbedError(ValidationError):
    """A rule of test-facility access was broken; the message is meant for the person."""


class BookingConflict(TestbedError):
    """The unit is taken (booked, in its buffer, or blacked out) for part of the period."""


# --- catalogue -------------------------------------------------------------------------------

FACILITY_FIELDS = ["name", "country", "region", "description", "website", "access_conditions", "timezone"]
UNIT_FIELDS = [
    "name",
    "description",
    "process_type",
    "scale",
    "feedstocks",
    "capacity",
    "price_per_day",
    "buffer_hours",
    "min_days",
    "max_days",
]


def _save(instance, fields: dict, allowed: list[str]):
    for key, value in fields.items():
        if key in allowed:
            setattr(instance, key, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise TestbedError(exc.message_dict) from None
    instance.save()
    return instance


@transaction.atomic
def create_facility(*, by, operator, **fields) -> Facility:
    """A new catalogue entry run by `operator`, an organisation `by` belongs to (admins: any)."""
    if not is_programme_admin(by) and not Membership.objects.filter(user=by, organisation=operator).exists():
        raise TestbedError({"operator": _("You can only add facilities of an organisation you belong to.")})
    return _save(Facility(operator=operator), fields, FACILITY_FIELDS)


@transaction.atomic
def update_facility(*, facility: Facility, **fields) -> Facility:
    return _save(Facility.objects.select_for_update().get(pk=facility.pk), fields, FACILITY_FIELDS)


@transaction.atomic
def create_unit(*, facility: Facility, domains=(), **fields) -> Unit:
    unit = _save(Unit(facility=facility), fields, UNIT_FIELDS)
    unit.domains.set(domains)
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, domains=None, **fields) -> Unit:
    """Bookings made already keep the buffer they were made with."""
    unit = _save(Unit.objects.select_for_update().get(pk=unit.pk), fields, UNIT_FIELDS)
    if domains is not None:
        unit.domains.set(domains)
    return unit


@transaction.atomic
def new_calendar_token(*, unit: Unit) -> str:
    """A fresh secret for the unit's iCalendar feed; any earlier link stops working."""
    unit.calendar_token = secrets.token_urlsafe(32)
    unit.save(update_fields=["calendar_token"])
    return unit.calendar_token


@transaction.atomic
def revoke_calendar_token(*, unit: Unit) -> None:
    unit.calendar_token = None
    unit.save(update_fields=["calendar_token"])


# --- time on a unit --------------------------------------------------------------------------


def _when(moment: datetime, unit: Unit) -> str:
    return timezone.localtime(moment, unit.facility.zone).strftime("%Y-%m-%d %H:%M")


def _check_period(unit: Unit, start: datetime, end: datetime, *, now=None) -> None:
    now = now or timezone.now()
    if end <= start:
        raise TestbedError({"end": _("The period must end after it starts.")})
    if start < now:
        raise TestbedError({"start": _("The period cannot start in the past.")})
    days = -(-(end - start) // timedelta(days=1))
    if not unit.min_days <= days <= unit.max_days:
        raise TestbedError(
            {
                "end": _("%(unit)s can be booked for %(min)s to %(max)s days; this period is %(days)s days.")
                % {"unit": unit.name, "min": unit.min_days, "max": unit.max_days, "days": days}
            }
        )


def _lock_unit(unit_id: int) -> Unit:
    return Unit.objects.select_for_update().select_related("facility").get(pk=unit_id)


def _refuse_conflicts(unit: Unit, span: tuple, *, exclude_pk=None) -> None:
    clash = selectors.conflicting_blocks(unit, span, exclude_pk=exclude_pk).first()
    if clash is not None:
        what = _("booked") if clash.kind == "booking" else _("blocked")
        raise BookingConflict(
            _("%(unit)s is %(what)s from %(start)s until %(until)s (buffer included); choose another period.")
            % {
                "unit": unit.name,
                "what": what,
                "start": _when(clash.start, unit),
                "until": _when(clash.blocked_until, unit),
            }
        )


def _write_block(block: TimeBlock, unit: Unit) -> TimeBlock:
    """Save under the unit's lock; on PostgreSQL the exclusion constraint is the last word."""
    try:
        with transaction.atomic():
            block.save()
    except IntegrityError:
        raise BookingConflict(
            _("%(unit)s was taken for this period a moment ago; choose another period.") % {"unit": unit.name}
        ) from None
    return block


def _book(*, unit_id: int, start, end, application, by) -> Booking:
    unit = _lock_unit(unit_id)
    _check_period(unit, start, end)
    span = availability.held(start, end, unit.buffer)
    _refuse_conflicts(unit, span)
    booking = Booking(unit=unit, start=start, end=end, blocked_until=span[1], application=application, created_by=by)
    return _write_block(booking, unit)


@transaction.atomic
def move_booking(*, booking: Booking, by, start, end) -> Booking:
    """The operator moves a booking (same rules as booking it). Side effect: the SME is told."""
    unit = _lock_unit(booking.unit_id)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("application").get(pk=booking.pk)
    if booking.status != BlockStatus.ACTIVE:
        raise TestbedError(_("A cancelled booking cannot be moved."))
    _check_period(unit, start, end)
    span = availability.held(start, end, unit.buffer)
    _refuse_conflicts(unit, span, exclude_pk=booking.pk)
    before = f"{_when(booking.start, unit)} – {_when(booking.end, unit)}"
    booking.start, booking.end, booking.blocked_until = start, end, span[1]
    _write_block(booking, unit)
    after = f"{_when(start, unit)} – {_when(end, unit)}"
    application = booking.application
    _log(application, by, "booking_moved", f"{unit.name}: {before} → {after}")
    _tell_company(
        application,
        "testbeds_booking",
        {"change": "moved", "unit": unit.name, "before": before, "after": after},
    )
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by, reason: str = "") -> Booking:
    """The operator cancels a booking; the time is free again. Side effect: the SME is told."""
    unit = _lock_unit(booking.unit_id)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("application").get(pk=booking.pk)
    if booking.status == BlockStatus.CANCELLED:
        return booking
    booking.status, booking.cancelled_at = BlockStatus.CANCELLED, timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    period = f"{_when(booking.start, unit)} – {_when(booking.end, unit)}"
    _log(booking.application, by, "booking_cancelled", f"{unit.name}: {period}. {reason}".strip())
    _tell_company(
        booking.application,
        "testbeds_booking",
        {"change": "cancelled", "unit": unit.name, "before": period, "after": "", "reason": reason},
    )
    return booking


@transaction.atomic
def add_blackout(*, unit: Unit, by, start, end, reason: str = "") -> Blackout:
    """Block time on a unit (maintenance, own use). A blackout cannot cover a booking or its buffer."""
    if end <= start:
        raise TestbedError({"end": _("The period must end after it starts.")})
    unit = _lock_unit(unit.pk)
    clash = selectors.conflicting_blocks(unit, (start, end)).first()
    if clash is not None:
        raise TestbedError(
            _("This overlaps a booking or blackout from %(start)s until %(until)s; move or cancel it first.")
            % {"start": _when(clash.start, unit), "until": _when(clash.blocked_until, unit)}
        )
    blackout = Blackout(unit=unit, start=start, end=end, blocked_until=end, reason=reason, created_by=by)
    return _write_block(blackout, unit)


@transaction.atomic
def remove_blackout(*, blackout: Blackout) -> Blackout:
    blackout.status, blackout.cancelled_at = BlockStatus.CANCELLED, timezone.now()
    blackout.save(update_fields=["status", "cancelled_at"])
    return blackout


# --- calls -----------------------------------------------------------------------------------

CALL_FIELDS = [
    "title",
    "description",
    "opens",
    "closes",
    "max_amount",
    "max_projects",
    "total_budget",
    "cofinancing_rate",
    "transnational_only",
]


@transaction.atomic
def open_call(*, by, **fields) -> VoucherCall:
    call = VoucherCall(created_by=by)
    _save(call, fields, CALL_FIELDS)
    if call.max_amount > call.total_budget:
        raise TestbedError({"max_amount": _("The maximum per project cannot exceed the total budget.")})
    return call


def call_totals(call: VoucherCall) -> dict:
    figures = call.applications.filter(status__in=GRANTED).aggregate(n=Count("pk"), eur=Sum("granted_amount"))
    granted = figures["eur"] or Decimal("0")
    return {
        "projects": figures["n"],
        "granted": granted,
        "left": call.total_budget - granted,
        "projects_left": call.max_projects - figures["n"],
    }


# --- applications ----------------------------------------------------------------------------

APPLICATION_FIELDS = [
    "project_description",
    "expected_results",
    "desired_start",
    "desired_end",
    "duration_days",
    "requested_amount",
    "de_minimis_declared",
    "de_minimis_received",
]


def _check_application(*, call, company, facility, units, fields: dict, today=None) -> dict:
    """Field errors of an application (empty when it may be saved)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    start, end, days = fields.get("desired_start"), fields.get("desired_end"), fields.get("duration_days")
    if not call.is_open(today):
        errors["call"] = _("This call is closed: applications were accepted from %(opens)s to %(closes)s.") % {
            "opens": call.opens.isoformat(),
            "closes": call.closes.isoformat(),
        }
    if not is_eligible_sme(company):
        errors["company"] = _("%(company)s is not an SME by the EU definition (see its company profile).") % {
            "company": company.name
        }
    if call.transnational_only and str(company.country) == str(facility.country):
        errors["facility"] = _(
            "This call supports transnational access only: choose a facility outside your company's country."
        )
    if not units:
        errors["units"] = _("Choose at least one unit.")
    foreign = [u.name for u in units if u.facility_id != facility.pk]
    if foreign:
        errors["units"] = _("%(units)s belong to another facility.") % {"units": ", ".join(foreign)}
    if start and end and end < start:
        errors["desired_end"] = _("The period must end after it starts.")
    if start and start < today:
        errors["desired_start"] = _("The period cannot start in the past.")
    if days and start and end and end >= start and days > (end - start).days + 1:
        errors["duration_days"] = _("The duration is longer than the desired period.")
    if days and "duration_days" not in errors:
        for unit in units:
            if not unit.min_days <= days <= unit.max_days:
                errors["duration_days"] = _("%(unit)s can be booked for %(min)s to %(max)s days.") % {
                    "unit": unit.name,
                    "min": unit.min_days,
                    "max": unit.max_days,
                }
                break
    amount = fields.get("requested_amount")
    if amount is not None and amount > call.max_amount:
        errors["requested_amount"] = _("The call grants at most EUR %(cap)s per project.") % {"cap": call.max_amount}
    return errors


@transaction.atomic
def save_draft(
    *, applicant, company, call, facility, units, application: AccessApplication | None = None, **fields
) -> AccessApplication:
    """Create or change a draft application; checked as at submission, so bad input saves nothing."""
    if not Membership.objects.filter(user=applicant, organisation=company).exists():
        raise TestbedError({"company": _("You can only apply for a company you belong to.")})
    units = list(units)
    errors = _check_application(call=call, company=company, facility=facility, units=units, fields=fields)
    if errors:
        raise TestbedError(errors)
    if application is None:
        application = AccessApplication(applicant=applicant)
    else:
        application = AccessApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.DRAFT:
            raise TestbedError(_("Only a draft can be changed."))
    application.call, application.company, application.facility = call, company, facility
    _save(application, fields, APPLICATION_FIELDS)
    application.units.set(units)
    if not application.history.exists():
        _log(application, applicant, "drafted")
    return application


@transaction.atomic
def submit_application(*, application: AccessApplication, by) -> AccessApplication:
    """Draft → submitted. Side effects: the facility's operators are asked to review; the
    applicant is told."""
    application = _locked(application)
    if application.status != ApplicationStatus.DRAFT:
        raise TestbedError(_("This application was submitted already."))
    if not Membership.objects.filter(user=by, organisation=application.company).exists():
        raise TestbedError(_("Only a member of the applying company can submit its application."))
    fields = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    errors = _check_application(
        call=application.call,
        company=application.company,
        facility=application.facility,
        units=list(application.units.all()),
        fields=fields,
    )
    if not application.de_minimis_declared:
        errors["de_minimis_declared"] = _("Confirm the de minimis declaration to submit.")
    if errors:
        raise TestbedError(errors)
    application.status, application.submitted_at = ApplicationStatus.SUBMITTED, timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    _log(application, by, "submitted")
    payload = _payload(application)
    for person in selectors.operators_of(application.facility):
        notify(recipient=person, kind="testbeds_submitted", payload=payload, url=_url(application))
    _tell_company(application, "testbeds_status", payload)
    return application


@transaction.atomic
def review_application(
    *,
    application: AccessApplication,
    by,
    feasible: bool,
    proposed_start=None,
    proposed_end=None,
    proposed_price=None,
    comment: str = "",
) -> AccessApplication:
    """The facility's operator: technically feasible (with dates and a price) or not.
    Side effects: the applicant is told; if feasible, the programme is asked to decide."""
    application = _locked(application)
    if not (operates(by, application) or is_programme_admin(by)):
        raise TestbedError(_("Only the facility's own operator reviews its applications."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise TestbedError(_("This application is not waiting for the operator's review."))
    if not feasible:
        if not comment.strip():
            raise TestbedError({"comment": _("Say why the test is not feasible here.")})
        application.status, application.operator_comment = ApplicationStatus.NOT_FEASIBLE, comment.strip()
        application.reviewed_at = timezone.now()
        application.save(update_fields=["status", "operator_comment", "reviewed_at"])
        _log(application, by, "not_feasible", comment.strip())
        _tell_company(application, "testbeds_status", _payload(application))
        return application
    if proposed_start is None or proposed_end is None:
        raise TestbedError({"proposed_start": _("Propose the dates of the access.")})
    if proposed_price is None or proposed_price < 0:
        raise TestbedError({"proposed_price": _("Propose a price (EUR, 0 or more).")})
    for unit in application.units.select_related("facility"):
        try:
            _check_period(unit, proposed_start, proposed_end)
            _refuse_conflicts(unit, availability.held(proposed_start, proposed_end, unit.buffer))
        except ValidationError as exc:
            raise TestbedError({"proposed_start": exc.messages}) from None
    application.status = ApplicationStatus.FEASIBLE
    application.proposed_start, application.proposed_end = proposed_start, proposed_end
    application.proposed_price, application.operator_comment = proposed_price, comment.strip()
    application.reviewed_at = timezone.now()
    application.save(
        update_fields=["status", "proposed_start", "proposed_end", "proposed_price", "operator_comment", "reviewed_at"]
    )
    _log(application, by, "feasible", comment.strip())
    payload = _payload(application)
    _tell_company(application, "testbeds_status", payload)
    for person in selectors.programme_admins():
        notify(recipient=person, kind="testbeds_reviewed", payload=payload, url=_url(application))
    return application


@transaction.atomic
def decide_application(
    *, application: AccessApplication, by, approve: bool, amount: Decimal | None = None, reason: str = ""
) -> AccessApplication:
    """The programme's voucher decision. Approval grants `amount` (default: as requested) within
    the call's cap, co-financing rate, budget and number of projects, and books every unit for
    the proposed period; if a unit is taken, nothing changes (BookingConflict).
    Side effects: the applicant and the facility's operators are told."""
    call = VoucherCall.objects.select_for_update().get(pk=application.call_id)
    application = _locked(application)
    if not is_programme_admin(by):
        raise TestbedError(_("Only the programme decides on vouchers."))
    if application.status != ApplicationStatus.FEASIBLE:
        raise TestbedError(_("This application is not waiting for a voucher decision."))
    if not approve:
        if not reason.strip():
            raise TestbedError({"reason": _("Give the reason for the rejection.")})
        application.status, application.decision_reason = ApplicationStatus.REJECTED, reason.strip()
        application.decided_at = timezone.now()
        application.save(update_fields=["status", "decision_reason", "decided_at"])
        _log(application, by, "rejected", reason.strip())
        _tell_decision(application)
        return application
    amount = application.requested_amount if amount is None else amount
    _check_grant(call, application, amount)
    for unit_id in sorted(application.units.values_list("pk", flat=True)):
        _book(
            unit_id=unit_id,
            start=application.proposed_start,
            end=application.proposed_end,
            application=application,
            by=by,
        )
    application.status, application.granted_amount = ApplicationStatus.APPROVED, amount
    application.decision_reason, application.decided_at = reason.strip(), timezone.now()
    application.save(update_fields=["status", "granted_amount", "decision_reason", "decided_at"])
    _log(application, by, "approved", _("EUR %(amount)s granted.") % {"amount": amount})
    _tell_decision(application)
    return application


def _check_grant(call: VoucherCall, application: AccessApplication, amount: Decimal) -> None:
    """Within the call's limits; the caller holds the call's lock."""
    if amount <= 0:
        raise TestbedError({"amount": _("The voucher must be more than EUR 0.")})
    if amount > call.max_amount:
        raise TestbedError({"amount": _("The call grants at most EUR %(cap)s per project.") % {"cap": call.max_amount}})
    share = (application.proposed_price or Decimal("0")) * call.cofinancing_rate / 100
    if amount > share:
        raise TestbedError(
            {
                "amount": _("At a co-financing rate of %(rate)s %% the voucher covers at most EUR %(share)s.")
                % {"rate": call.cofinancing_rate, "share": share.quantize(Decimal("0.01"))}
            }
        )
    totals = call_totals(call)
    if totals["projects_left"] <= 0:
        raise TestbedError(_("The call has granted its %(n)s projects already.") % {"n": call.max_projects})
    if amount > totals["left"]:
        raise TestbedError({"amount": _("Only EUR %(left)s of the call's budget is left.") % {"left": totals["left"]}})


# --- after the access ------------------------------------------------------------------------

REPORT_FIELDS = [
    "what_was_tested",
    "results",
    "plans_investment",
    "plans_scale_up",
    "plans_cooperation",
    "follow_up",
]


@transaction.atomic
def submit_usage_report(*, application: AccessApplication, by, **fields) -> UsageReport:
    """The SME's report once its bookings have ended. Side effect: the operators are told."""
    application = _locked(application)
    if application.status != ApplicationStatus.APPROVED:
        raise TestbedError(_("A usage report follows a granted, booked access."))
    last_end = application.bookings.filter(status=BlockStatus.ACTIVE).aggregate(m=Max("end"))["m"]
    if last_end is None or last_end > timezone.now():
        raise TestbedError(_("The usage report can be written once the booking has ended."))
    report = UsageReport(application=application, submitted_by=by)
    _save(report, fields, REPORT_FIELDS)
    application.status = ApplicationStatus.COMPLETED
    application.save(update_fields=["status"])
    _log(application, by, "reported")
    payload = _payload(application)
    for person in selectors.operators_of(application.facility):
        notify(recipient=person, kind="testbeds_status", payload=payload, url=_url(application))
    return report


@transaction.atomic
def confirm_usage(*, report: UsageReport, by, days_used: Decimal, hours_used: Decimal | None = None) -> UsageReport:
    """The operator confirms the days (and hours) the SME used the facility."""
    report = UsageReport.objects.select_for_update().get(pk=report.pk)
    if days_used is None or days_used < 0 or (hours_used is not None and hours_used < 0):
        raise TestbedError({"days_used": _("Give the days used (0 or more).")})
    report.days_used, report.hours_used = days_used, hours_used
    report.confirmed_by, report.confirmed_at = by, timezone.now()
    report.save(update_fields=["days_used", "hours_used", "confirmed_by", "confirmed_at"])
    _log(report.application, by, "usage_confirmed", _("%(days)s days used.") % {"days": days_used})
    return report


def reports_due(now=None):
    """Granted accesses whose bookings ended over REPORT_DUE_AFTER ago, with no report and no
    reminder yet."""
    now = now or timezone.now()
    return (
        AccessApplication.objects.filter(status=ApplicationStatus.APPROVED, report_reminded_at__isnull=True)
        .annotate(last_end=Max("bookings__end", filter=Q(bookings__status=BlockStatus.ACTIVE)))
        .filter(last_end__lte=now - REPORT_DUE_AFTER)
    )


def send_report_reminders(*, now=None) -> int:
    """The periodic scan: remind each overdue access once. Safe to run concurrently."""
    now = now or timezone.now()
    sent = 0
    for application in reports_due(now).select_related("facility", "company"):
        with transaction.atomic():
            claimed = AccessApplication.objects.filter(pk=application.pk, report_reminded_at__isnull=True).update(
                report_reminded_at=now
            )
            if not claimed:
                continue
            _log(application, None, "report_reminder")
            _tell_company(application, "testbeds_report_due", _payload(application))
        sent += 1
    return sent


# --- helpers ---------------------------------------------------------------------------------


def _locked(application: AccessApplication) -> AccessApplication:
    return (
        AccessApplication.objects.select_for_update(of=("self",))
        .select_related("call", "company", "facility")
        .get(pk=application.pk)
    )


def _log(application: AccessApplication, actor, action: str, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, actor=actor, action=action, status=application.status, note=note
    )


def _url(application: AccessApplication) -> str:
    return reverse("testbeds:application", args=[application.pk])


def _payload(application: AccessApplication) -> dict:
    return {
        "facility": application.facility.name,
        "company": application.company.name,
        "status": application.status,
        "comment": application.operator_comment,
        "reason": application.decision_reason,
    }


def _tell_company(application: AccessApplication, kind: str, payload: dict) -> None:
    for person in selectors.members_of(application.company):
        notify(recipient=person, kind=kind, payload={**_payload(application), **payload}, url=_url(application))


def _tell_decision(application: AccessApplication) -> None:
    payload = {**_payload(application), "amount": str(application.granted_amount or "")}
    for person in {*selectors.members_of(application.company), *selectors.operators_of(application.facility)}:
        notify(recipient=person, kind="testbeds_decided", payload=payload, url=_url(application))
