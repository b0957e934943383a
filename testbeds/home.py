"""What test facilities put on a person's home. For a company: draft applications, usage reports
due after a booking, and its upcoming bookings. For an operator: applications to review and the
facility's next bookings. For the programme (admins): feasible applications waiting for the
voucher decision. Grouped counts and sliced lists: a fixed number of queries."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bsrstars import home
from bsrstars.accounts.rules import is_facility_operator, is_programme_admin, organisation_ids

from .models import AccessApplication, ApplicationStatus, BlockStatus, Booking, Facility

SHOWN = 8


def _company_items(orgs, now) -> list[home.Item]:
    items = []
    for application in AccessApplication.objects.filter(
        company_id__in=orgs, status=ApplicationStatus.DRAFT
    ).select_related("facility", "call")[:SHOWN]:
        items.append(
            home.Item(
                kind=home.TASK,
                title=_("Finish and submit your test-facility application: %(facility)s")
                % {"facility": application.facility.name},
                count=1,
                deadline=getattr(application.call, "closes_at", None),
                url=reverse("testbeds:application", kwargs={"pk": application.pk}),
            )
        )
    reports_due = (
        AccessApplication.objects.filter(
            company_id__in=orgs,
            status=ApplicationStatus.APPROVED,
            usage_report__isnull=True,
            bookings__end__lte=now,
            bookings__status=BlockStatus.ACTIVE,
        )
        .distinct()
        .select_related("facility")[:SHOWN]
    )
    for application in reports_due:
        items.append(
            home.Item(
                kind=home.TASK,
                title=_("Report what you tested at %(facility)s") % {"facility": application.facility.name},
                count=1,
                url=reverse("testbeds:usage_report", kwargs={"pk": application.pk}),
                detail=_("Your booking has ended: the usage report completes the voucher."),
            )
        )
    bookings = (
        Booking.objects.filter(application__company_id__in=orgs, status=BlockStatus.ACTIVE, end__gt=now)
        .select_related("unit", "unit__facility", "application")
        .order_by("start")[:SHOWN]
    )
    for booking in bookings:
        items.append(
            home.Item(
                kind=home.DATE,
                title=_("Test-facility booking: %(unit)s, %(facility)s")
                % {"unit": booking.unit.name, "facility": booking.unit.facility.name},
                when=booking.start,
                url=reverse("testbeds:application", kwargs={"pk": booking.application_id}),
            )
        )
    return items


def _operator_items(orgs, now) -> list[home.Item]:
    items = []
    waiting = AccessApplication.objects.filter(
        facility__operator_id__in=orgs, status=ApplicationStatus.SUBMITTED
    ).aggregate(n=Count("pk"), since=Min("submitted_at"))
    if waiting["n"]:
        items.append(
            home.Item(
                kind=home.TASK,
                title=ngettext(
                    "%(n)d access application to review", "%(n)d access applications to review", waiting["n"]
                )
                % {"n": waiting["n"]},
                count=waiting["n"],
                url=reverse("testbeds:operator"),
                detail=_("The oldest was submitted on %(day)s.") % {"day": home.local_day(waiting["since"])},
            )
        )
    facilities = (
        Facility.objects.filter(operator_id__in=orgs)
        .annotate(
            n_units=Count("units", distinct=True),
            n_waiting=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED), distinct=True),
        )
        .order_by("name")[:SHOWN]
    )
    for facility in facilities:
        badges = [
            home.Badge(ngettext("%(n)d unit", "%(n)d units", facility.n_units) % {"n": facility.n_units}, home.NEUTRAL)
        ]
        if facility.n_waiting:
            badges.append(
                home.Badge(
                    ngettext("%(n)d application to review", "%(n)d applications to review", facility.n_waiting)
                    % {"n": facility.n_waiting},
                    home.WARN,
                )
            )
        items.append(
            home.Item(
                kind=home.STATUS,
                title=facility.name,
                url=reverse("testbeds:facility", kwargs={"pk": facility.pk}),
                badges=tuple(badges),
                links=(
                    (_("Edit"), reverse("testbeds:facility_edit", kwargs={"pk": facility.pk})),
                    (_("Utilisation"), reverse("testbeds:utilisation", kwargs={"pk": facility.pk})),
                ),
                group=_("Facilities you operate"),
            )
        )
    bookings = (
        Booking.objects.filter(unit__facility__operator_id__in=orgs, status=BlockStatus.ACTIVE, end__gt=now)
        .select_related("unit", "application__company")
        .order_by("start")[:SHOWN]
    )
    for booking in bookings:
        company = booking.application.company.name if booking.application_id else ""
        items.append(
            home.Item(
                kind=home.DATE,
                title=_("Booking of %(unit)s by %(company)s") % {"unit": booking.unit.name, "company": company},
                when=booking.start,
                url=reverse("testbeds:calendar", kwargs={"pk": booking.unit_id}),
            )
        )
    return items


def _programme_items() -> list[home.Item]:
    n = AccessApplication.objects.filter(status=ApplicationStatus.FEASIBLE).count()
    if not n:
        return []
    return [
        home.Item(
            kind=home.TASK,
            title=ngettext("%(n)d voucher decision to take", "%(n)d voucher decisions to take", n) % {"n": n},
            count=n,
            url=reverse("testbeds:decisions"),
            detail=_("The operators found these applications feasible."),
        )
    ]


def home_items(user) -> list[home.Item]:
    now = timezone.now()
    orgs = organisation_ids(user)
    items = []
    if orgs:
        items += _company_items(orgs, now)
        if is_facility_operator(user):
            items += _operator_items(orgs, now)
    if is_programme_admin(user):
        items += _programme_items()
    return items
