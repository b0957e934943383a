from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bsrstars import charts
from bsrstars.accounts.models import Organisation, OrganisationKind
from bsrstars.exports import table_response
from bsrstars.permissions import permission_required

from . import selectors, services
from .filters import CatalogueFilter
from .forms import (
    ApplicationForm,
    BlackoutForm,
    CallForm,
    ConfirmUsageForm,
    DecisionForm,
    FacilityForm,
    PeriodForm,
    ReviewForm,
    UnitForm,
    UsageReportForm,
    add_service_errors,
)
from .models import (
    AccessApplication,
    ApplicationStatus,
    Blackout,
    BlockStatus,
    Booking,
    Facility,
    Unit,
    UsageReport,
    VoucherCall,
)


def _facility(request, pk, **kwargs):
    return get_object_or_404(selectors.facilities(), pk=pk)


def _unit(request, pk, **kwargs):
    return get_object_or_404(selectors.catalogue_units(), pk=pk)


def _application(request, pk, **kwargs):
    return get_object_or_404(AccessApplication.objects.select_related("facility", "company__region"), pk=pk)


def _booking(request, pk, **kwargs):
    return get_object_or_404(Booking.objects.select_related("unit__facility", "application"), pk=pk)


def _status(form) -> int:
    return 400 if form.errors else 200


# --- catalogue -------------------------------------------------------------------------------


def catalogue(request):
    """Everyone, also without an account (so no login decorator): units and their facilities;
    prices for signed-in people."""
    filterset = CatalogueFilter(request.GET or {}, queryset=selectors.catalogue_units())
    # Read only when the list is not kept (bsrstars.fragments: the same for everyone who sees prices, or not).
    page = SimpleLazyObject(lambda: Paginator(filterset.qs, 20).get_page(request.GET.get("page")))
    return render(
        request,
        "testbeds/catalogue.html",
        {"filter": filterset, "page": page, "prices": request.user.has_perm("testbeds.view_prices")},
    )


def facility_detail(request, pk):
    """Everyone, also without an account: the facility, its access conditions and units."""
    facility = _facility(request, pk)
    return render(
        request,
        "testbeds/facility.html",
        {
            "facility": facility,
            "prices": request.user.has_perm("testbeds.view_prices"),
            "can_edit": request.user.has_perm("testbeds.change_facility", facility),
            "can_apply": request.user.has_perm("testbeds.apply"),
        },
    )


def unit_detail(request, pk):
    """Everyone, also without an account: what the unit can do; signed-in people also its price and calendar."""
    unit = _unit(request, pk)
    return render(
        request,
        "testbeds/unit.html",
        {
            "unit": unit,
            "facility": unit.facility,
            "prices": request.user.has_perm("testbeds.view_prices"),
            "can_edit": request.user.has_perm("testbeds.change_facility", unit),
            "can_apply": request.user.has_perm("testbeds.apply"),
            "can_see_calendar": request.user.has_perm("testbeds.view_calendar"),
        },
    )


# --- calendar --------------------------------------------------------------------------------


def _parse_day(value: str, default: date) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


@permission_required("testbeds.view_calendar", fn=_unit)
def unit_calendar(request, pk):
    """Signed-in people: the unit's booked, blocked and free time by month or week, in the
    facility's time zone. Who booked shows only to the facility's operators and admins."""
    unit = _unit(request, pk)
    zone = unit.facility.zone
    today = timezone.localtime(timezone.now(), zone).date()
    day = _parse_day(request.GET.get("date"), today)
    week = request.GET.get("view") == "week"
    context = {
        "unit": unit,
        "facility": unit.facility,
        "day": day,
        "today": today,
        "week": week,
        "keeps": request.user.has_perm("testbeds.change_facility", unit),
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "feed": request.build_absolute_uri(reverse("testbeds:calendar_feed", args=[unit.calendar_token]))
        if unit.calendar_token
        else "",
    }
    if week:
        monday = day - timedelta(days=day.weekday())
        context.update(
            days=selectors.calendar_days(unit, monday, monday + timedelta(days=6)),
            previous=monday - timedelta(days=7),
            next=monday + timedelta(days=7),
            monday=monday,
        )
    else:
        first = day.replace(day=1)
        context.update(
            weeks=selectors.month_grid(unit, first.year, first.month),
            previous=(first - timedelta(days=1)).replace(day=1),
            next=(first + timedelta(days=32)).replace(day=1),
            first=first,
        )
    with timezone.override(zone):
        return render(request, "testbeds/calendar.html", context)


def calendar_feed(request, token):
    """Anyone holding the unit's secret link (calendar apps cannot log in): bookings and
    blackouts as iCalendar. The operators revoke the link or make a new one."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    unit = get_object_or_404(Unit.objects.select_related("facility"), calendar_token=token)
    calendar = Calendar()
    calendar.add("prodid", "-//BSR Stars S3 portal//test facilities//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(unit))
    since = timezone.now() - timedelta(days=90)
    blocks = unit.blocks.filter(status=BlockStatus.ACTIVE, blocked_until__gte=since).select_related(
        "application__company"
    )
    for block in blocks:
        entry = CalendarEvent()
        entry.add("uid", f"testbeds-block-{block.pk}@bsrstars")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", block.start)
        entry.add("dtend", block.end)
        if block.kind == "booking":
            entry.add("summary", _("Booked: %(company)s") % {"company": block.application.company.name})
        else:
            entry.add("summary", _("Blocked: %(reason)s") % {"reason": block.reason or _("blackout")})
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="unit-{unit.pk}.ics"'
    return response


@require_POST
@permission_required("testbeds.change_facility", fn=_unit)
def calendar_feed_new(request, pk):
    """The facility's operators: make or replace the unit's secret feed link (or revoke it)."""
    unit = _unit(request, pk)
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_token(unit=unit)
        messages.success(request, _("The calendar link was revoked; it no longer works."))
    else:
        services.new_calendar_token(unit=unit)
        messages.success(request, _("A new calendar link was made; any earlier link no longer works."))
    return redirect("testbeds:calendar", pk=pk)


# --- operators -------------------------------------------------------------------------------


@permission_required("testbeds.operate")
def operator_home(request):
    """Facility operators and programme admins: their facilities, applications to review, bookings."""
    own = selectors.own_facilities(request.user)
    own_ids = list(own.values_list("pk", flat=True))
    queue = selectors.operator_queue(request.user)
    upcoming = (
        selectors.visible_bookings(request.user)
        .filter(status=BlockStatus.ACTIVE, end__gte=timezone.now(), unit__facility__in=own_ids)
        .order_by("start")[:50]
    )
    # The querysets are read only when the page's part is not kept (bsrstars.fragments: it is the
    # same for everyone who keeps the same facilities).
    return render(
        request,
        "testbeds/operator.html",
        {
            "facilities": own,
            "facility_ids": own_ids,
            "to_review_all": queue.filter(status=ApplicationStatus.SUBMITTED),
            "reviewed_all": queue.exclude(status=ApplicationStatus.SUBMITTED),
            "review_rows": REVIEW_ROWS,
            "bookings": upcoming,
            "can_add": request.user.has_perm("testbeds.add_facility"),
        },
    )


REVIEW_ROWS = 50  # applications to review, and reviewed, shown on the operator's page


def _operator_organisations(user):
    from bsrstars.accounts.rules import is_programme_admin

    organisations = Organisation.objects.filter(kind=OrganisationKind.FACILITY_OPERATOR).order_by("name")
    if not is_programme_admin(user):
        organisations = organisations.filter(memberships__user=user)
    return organisations


@permission_required("testbeds.add_facility")
def facility_create(request):
    """Facility operators (for their organisation) and programme admins: a new catalogue entry."""
    operators = _operator_organisations(request.user)
    form = FacilityForm(request.POST or None, operators=operators, initial={"timezone": request.user.timezone})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            facility = services.create_facility(by=request.user, operator=data.pop("operator"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The facility was added. Now add its units."))
            return redirect("testbeds:facility", pk=facility.pk)
    return render(request, "testbeds/facility_form.html", {"form": form}, status=_status(form))


@permission_required("testbeds.change_facility", fn=_facility)
def facility_edit(request, pk):
    """The facility's operators and programme admins."""
    facility = _facility(request, pk)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_facility(facility=facility, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The facility was saved."))
            return redirect("testbeds:facility", pk=pk)
    return render(request, "testbeds/facility_form.html", {"form": form, "facility": facility}, status=_status(form))


@permission_required("testbeds.change_facility", fn=_facility)
def unit_create(request, pk):
    """The facility's operators and programme admins: a new bookable unit."""
    facility = _facility(request, pk)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = services.create_unit(facility=facility, domains=data.pop("domains"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit was added."))
            return redirect("testbeds:unit", pk=unit.pk)
    return render(request, "testbeds/unit_form.html", {"form": form, "facility": facility}, status=_status(form))


@permission_required("testbeds.change_facility", fn=_unit)
def unit_edit(request, pk):
    """The facility's operators and programme admins; bookings made keep their buffer."""
    unit = _unit(request, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_unit(unit=unit, domains=data.pop("domains"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("testbeds:unit", pk=pk)
    return render(
        request,
        "testbeds/unit_form.html",
        {"form": form, "facility": unit.facility, "unit": unit},
        status=_status(form),
    )


@permission_required("testbeds.change_facility", fn=_unit)
def blackouts(request, pk):
    """The facility's operators: block time on a unit (not over a booking) and lift blocks."""
    unit = _unit(request, pk)
    zone = unit.facility.zone
    form = BlackoutForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_blackout(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The blackout was added."))
            return redirect("testbeds:blackouts", pk=pk)
    rows = Blackout.objects.filter(unit=unit, status=BlockStatus.ACTIVE, end__gte=timezone.now()).order_by("start")
    with timezone.override(zone):
        return render(
            request,
            "testbeds/blackouts.html",
            {"unit": unit, "facility": unit.facility, "form": form, "rows": rows},
            status=_status(form),
        )


@require_POST
@permission_required("testbeds.change_facility", fn=_unit)
def blackout_remove(request, pk, blackout_pk):
    unit = _unit(request, pk)
    blackout = get_object_or_404(Blackout, pk=blackout_pk, unit=unit)
    services.remove_blackout(blackout=blackout)
    messages.success(request, _("The blackout was lifted."))
    return redirect("testbeds:blackouts", pk=pk)


def _utilisation(facility):
    units = list(facility.units.all())
    for unit in units:
        unit.facility = facility
    months = selectors.month_starts(12, until=timezone.localdate() + timedelta(days=62))
    return units, selectors.utilisation(units, months)


@permission_required("testbeds.change_facility", fn=_facility)
def utilisation(request, pk):
    """The facility's operators and programme admins: each unit's booked days by month, as a
    chart with the numbers in a table."""
    facility = _facility(request, pk)
    units, figures = _utilisation(facility)
    rows = [
        {
            "unit": unit,
            "months": figures[unit.pk],
            "chart": charts.bar_chart(
                [(m["month"].strftime("%Y-%m"), m["booked_days"]) for m in figures[unit.pk]],
                title=_("Days booked per month: %(unit)s") % {"unit": unit.name},
                ident=f"utilisation-{unit.pk}",
            ),
        }
        for unit in units
    ]
    return render(request, "testbeds/utilisation.html", {"facility": facility, "rows": rows})


@permission_required("testbeds.change_facility", fn=_facility)
def utilisation_export(request, pk, fmt):
    """The utilisation table as CSV or XLSX, one row per unit and month."""
    facility = _facility(request, pk)
    units, figures = _utilisation(facility)
    rows = [
        {"unit": unit.name, "month": m["month"].strftime("%Y-%m"), "booked_days": m["booked_days"], "share": m["share"]}
        for unit in units
        for m in figures[unit.pk]
    ]
    return table_response(rows, fmt=fmt, filename=f"utilisation-{facility.pk}", sheet="Utilisation")


@permission_required("testbeds.change_booking", fn=_booking)
def booking_move(request, pk):
    """The facility's operators: move a booking (same rules as booking); the SME is told."""
    booking = _booking(request, pk)
    zone = booking.unit.facility.zone
    form = PeriodForm(request.POST or None, zone=zone, initial={"start": booking.start, "end": booking.end})
    if request.method == "POST" and form.is_valid():
        try:
            services.move_booking(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The booking was moved; the company was told."))
            return redirect("testbeds:application", pk=booking.application_id)
    with timezone.override(zone):
        return render(request, "testbeds/booking_move.html", {"booking": booking, "form": form}, status=_status(form))


@require_POST
@permission_required("testbeds.change_booking", fn=_booking)
def booking_cancel(request, pk):
    """The facility's operators: cancel a booking; the time is free again and the SME is told."""
    booking = _booking(request, pk)
    services.cancel_booking(booking=booking, by=request.user, reason=request.POST.get("reason", "")[:500])
    messages.success(request, _("The booking was cancelled; the company was told."))
    return redirect("testbeds:application", pk=booking.application_id)


# --- calls -----------------------------------------------------------------------------------


@permission_required("testbeds.view_calls")
def calls(request):
    """Signed-in people: voucher calls, open ones first, with what is left of their budget."""
    rows = selectors.calls_with_totals()[:50]
    return render(request, "testbeds/calls.html", {"rows": rows, "can_add": request.user.has_perm("testbeds.add_call")})


@permission_required("testbeds.add_call")
def call_create(request):
    """Programme admins: open a voucher call."""
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_call(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The call was opened."))
            return redirect("testbeds:calls")
    return render(request, "testbeds/call_form.html", {"form": form}, status=_status(form))


# --- applications ----------------------------------------------------------------------------


@permission_required("testbeds.view_own_applications")
def my_applications(request):
    """SME members: their companies' applications and bookings, with the status of each."""
    rows = selectors.applications_of_user(request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "testbeds/my_applications.html", {"page": page})


@permission_required("testbeds.apply")
def application_create(request):
    """SME members: a draft application for access to one facility (?facility=<id>)."""
    try:
        facility = Facility.objects.get(pk=int(request.GET.get("facility", "")))
    except (ValueError, Facility.DoesNotExist):
        raise Http404(_("Choose a facility in the catalogue first.")) from None
    initial = {"units": request.GET.getlist("unit")}
    open_call = VoucherCall.objects.filter(opens__lte=timezone.localdate(), closes__gte=timezone.localdate()).first()
    if open_call:
        initial["call"] = open_call.pk
    form = ApplicationForm(request.POST or None, user=request.user, facility=facility, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.save_draft(
                applicant=request.user, facility=facility, **_flatten(form.service_fields())
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your draft was saved. Check it, then submit it."))
            return redirect("testbeds:application", pk=application.pk)
    return render(request, "testbeds/application_form.html", {"form": form, "facility": facility}, status=_status(form))


def _flatten(parts: dict) -> dict:
    fields = parts.pop("fields")
    return {**parts, **fields}


@permission_required("testbeds.change_application", fn=_application)
def application_edit(request, pk):
    """The applying company's members, while it is a draft."""
    application = _application(request, pk)
    form = ApplicationForm(request.POST or None, user=request.user, facility=application.facility, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                applicant=request.user,
                facility=application.facility,
                application=application,
                **_flatten(form.service_fields()),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your draft was saved."))
            return redirect("testbeds:application", pk=pk)
    return render(
        request,
        "testbeds/application_form.html",
        {"form": form, "facility": application.facility, "application": application},
        status=_status(form),
    )


@require_POST
@permission_required("testbeds.change_application", fn=_application)
def application_submit(request, pk):
    application = _application(request, pk)
    try:
        services.submit_application(application=application, by=request.user)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("testbeds:application_edit", pk=pk)
    messages.success(request, _("Your application was submitted to the facility's operator."))
    return redirect("testbeds:application", pk=pk)


@permission_required("testbeds.view_application", fn=_application)
def application_detail(request, pk):
    """The applying company's members, the facility's operators and the company's regional
    authority (once submitted), programme admins: the application, its status and every step."""
    application = selectors.application_detail(pk)
    user = request.user
    zone = application.facility.zone
    report = getattr(application, "usage_report", None)
    context = {
        "application": application,
        "report": report,
        "bookings": list(application.bookings.all()),
        "history": list(application.history.all()),
        "can_edit": user.has_perm("testbeds.change_application", application),
        "can_review": user.has_perm("testbeds.review_application", application),
        "can_decide": user.has_perm("testbeds.decide_application", application),
        "can_change_bookings": user.has_perm("testbeds.change_booking", application),
        "can_report": user.has_perm("testbeds.report_usage", application)
        and application.status == "approved"
        and report is None,
        "can_confirm": report is not None and user.has_perm("testbeds.confirm_usage", application),
        "confirm_form": ConfirmUsageForm(initial={"days_used": report.days_used, "hours_used": report.hours_used})
        if report
        else None,
        "totals": services.call_totals(application.call),
    }
    with timezone.override(zone):
        return render(request, "testbeds/application.html", context)


@permission_required("testbeds.review_application", fn=_application)
def application_review(request, pk):
    """The facility's own operators: technically feasible (dates and price) or not."""
    application = selectors.application_detail(pk)
    zone = application.facility.zone
    form = ReviewForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_application(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your review was saved; the applicant was told."))
            return redirect("testbeds:application", pk=pk)
    with timezone.override(zone):
        return render(
            request,
            "testbeds/review.html",
            {"application": application, "form": form},
            status=_status(form),
        )


@permission_required("testbeds.decide")
def decisions(request):
    """Programme admins: applications the operators found feasible, waiting for the voucher decision."""
    return render(request, "testbeds/decisions.html", {"rows": selectors.decision_queue()})


@permission_required("testbeds.decide_application", fn=_application)
def application_decide(request, pk):
    """Programme admins: approve (and book) or reject with a reason."""
    application = selectors.application_detail(pk)
    form = DecisionForm(request.POST or None, initial={"amount": application.requested_amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_application(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision was saved; applicant and operator were told."))
            return redirect("testbeds:application", pk=pk)
    with timezone.override(application.facility.zone):
        return render(
            request,
            "testbeds/decide.html",
            {"application": application, "form": form, "totals": services.call_totals(application.call)},
            status=_status(form),
        )


@permission_required("testbeds.report_usage", fn=_application)
def usage_report(request, pk):
    """The applying company's members, after the booking: what was tested and what follows."""
    application = _application(request, pk)
    form = UsageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_usage_report(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your usage report was sent."))
            return redirect("testbeds:application", pk=pk)
    return render(
        request, "testbeds/report_form.html", {"application": application, "form": form}, status=_status(form)
    )


@require_POST
@permission_required("testbeds.confirm_usage", fn=_application)
def usage_confirm(request, pk):
    """The facility's operators: confirm the days and hours used."""
    application = _application(request, pk)
    report = get_object_or_404(UsageReport, application=application)
    form = ConfirmUsageForm(request.POST)
    if form.is_valid():
        services.confirm_usage(report=report, by=request.user, **form.cleaned_data)
        messages.success(request, _("The time used was confirmed."))
    else:
        messages.error(request, _("Give the days used (0 or more)."))
    return redirect("testbeds:application", pk=pk)
