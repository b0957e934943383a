"""Reads shared by pages, the API, KPIs and the services. Each fetches related rows up front,
so a page's query count does not grow with its rows."""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from bsrstars.accounts import roles
from bsrstars.accounts.models import User
from bsrstars.accounts.rules import is_authority_for, is_facility_operator, is_programme_admin, organisation_ids

from . import availability
from .models import (
    AccessApplication,
    ApplicationStatus,
    BlockKind,
    BlockStatus,
    Booking,
    Facility,
    TimeBlock,
    Unit,
)

# --- people ----------------------------------------------------------------------------------


def operators_of(facility: Facility) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=facility.operator_id,
        role_assignments__role__code=roles.FACILITY_OPERATOR,
    ).distinct()


def programme_admins() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role_assignments__role__code=roles.PROGRAMME_ADMIN).distinct()


def members_of(organisation) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__organisation=organisation).distinct()


# --- catalogue -------------------------------------------------------------------------------


def catalogue_units() -> QuerySet[Unit]:
    return Unit.objects.select_related("facility", "facility__operator", "facility__region").prefetch_related("domains")


def facilities() -> QuerySet[Facility]:
    return Facility.objects.select_related("operator", "region").prefetch_related(
        Prefetch("units", queryset=Unit.objects.prefetch_related("domains"))
    )


def own_facilities(user) -> QuerySet[Facility]:
    """The facilities `user` keeps: operators their organisations', admins all."""
    queryset = facilities()
    if is_programme_admin(user):
        return queryset
    if not is_facility_operator(user):
        return queryset.none()
    return queryset.filter(operator_id__in=list(organisation_ids(user)))


def conflicting_blocks(unit: Unit, span: tuple, *, exclude_pk=None) -> QuerySet[TimeBlock]:
    """Active blocks of `unit` that share a moment with `span` (half-open, buffers included)."""
    queryset = TimeBlock.objects.filter(
        unit=unit, status=BlockStatus.ACTIVE, start__lt=span[1], blocked_until__gt=span[0]
    ).order_by("start")
    return queryset.exclude(pk=exclude_pk) if exclude_pk else queryset


def _day_start(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def free_unit_ids(units: QuerySet[Unit], *, first_day: date, last_day: date, days: int, now=None) -> set[int]:
    """Units with room for a booking of `days` days from `first_day` to `last_day` (inclusive,
    in the facility's time zone), by the booking rule. Two queries whatever the number of units."""
    now = now or timezone.now()
    rows = list(units.select_related("facility").order_by())
    if not rows:
        return set()
    windows = {}
    for unit in rows:
        zone = unit.facility.zone
        windows[unit.pk] = (max(_day_start(first_day, zone), now), _day_start(last_day + timedelta(days=1), zone))
    latest = max(w[1] for w in windows.values()) + max(u.buffer for u in rows)
    earliest = min(w[0] for w in windows.values())
    taken = defaultdict(list)
    blocks = TimeBlock.objects.filter(
        unit__in=[u.pk for u in rows], status=BlockStatus.ACTIVE, start__lt=latest, blocked_until__gt=earliest
    ).values_list("unit_id", "start", "blocked_until")
    for unit_id, start, until in blocks:
        taken[unit_id].append((start, until))
    length = timedelta(days=days)
    return {
        unit.pk
        for unit in rows
        if unit.min_days <= days <= unit.max_days
        and availability.first_free_start(taken[unit.pk], window=windows[unit.pk], length=length, buffer=unit.buffer)
        is not None
    }


# --- calendar --------------------------------------------------------------------------------


def _segments(blocks: list[TimeBlock], start: datetime, end: datetime) -> list[dict]:
    """[start, end) cut into booked, buffer, blocked and free pieces, in time order."""
    pieces = []
    for block in blocks:
        kind = "booked" if block.kind == BlockKind.BOOKING else "blocked"
        pieces.append((max(block.start, start), min(block.end, end), kind, block))
        if block.blocked_until > block.end:
            pieces.append((max(block.end, start), min(block.blocked_until, end), "buffer", block))
    pieces = sorted((p for p in pieces if p[0] < p[1]), key=lambda p: p[0])
    result, cursor = [], start
    for piece_start, piece_end, kind, block in pieces:
        if piece_start > cursor:
            result.append({"start": cursor, "end": piece_start, "kind": "free", "block": None})
        result.append({"start": piece_start, "end": piece_end, "kind": kind, "block": block})
        cursor = max(cursor, piece_end)
    if cursor < end:
        result.append({"start": cursor, "end": end, "kind": "free", "block": None})
    return result


def _blocks_between(unit: Unit, start: datetime, end: datetime) -> list[TimeBlock]:
    return list(
        TimeBlock.objects.filter(unit=unit, status=BlockStatus.ACTIVE, start__lt=end, blocked_until__gt=start)
        .select_related("application__company")
        .order_by("start")
    )


def calendar_days(unit: Unit, first: date, last: date) -> list[dict]:
    """One row per day from `first` to `last` (inclusive) in the facility's zone: its segments
    and whether any of it is free. One query."""
    zone = unit.facility.zone
    start, end = _day_start(first, zone), _day_start(last + timedelta(days=1), zone)
    blocks = _blocks_between(unit, start, end)
    days = []
    day = first
    while day <= last:
        day_start, day_end = _day_start(day, zone), _day_start(day + timedelta(days=1), zone)
        mine = [b for b in blocks if b.start < day_end and b.blocked_until > day_start]
        segments = _segments(mine, day_start, day_end)
        kinds = {s["kind"] for s in segments}
        days.append(
            {
                "date": day,
                "segments": segments,
                "free": "free" in kinds,
                "kinds": sorted(kinds - {"free"}),
                "state": "free" if kinds == {"free"} else ("partly" if "free" in kinds else "taken"),
            }
        )
        day += timedelta(days=1)
    return days


def month_grid(unit: Unit, year: int, month: int) -> list[list[dict | None]]:
    """Weeks (Monday first) of the month's days; None pads the first and last week."""
    last = pycalendar.monthrange(year, month)[1]
    days = calendar_days(unit, date(year, month, 1), date(year, month, last))
    lead = days[0]["date"].weekday()
    cells = [None] * lead + days
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


# --- calls ---------------------------------------------------------------------------------


def calls_with_totals() -> QuerySet:
    """Calls, latest closing first, with the projects and EUR granted so far. One query."""
    from django.db.models import Count, DecimalField, Sum, Value
    from django.db.models.functions import Coalesce

    from .models import GRANTED, VoucherCall

    granted = Q(applications__status__in=GRANTED)
    return VoucherCall.objects.annotate(
        granted_projects=Count("applications", filter=granted),
        granted_eur=Coalesce(
            Sum("applications__granted_amount", filter=granted), Value(0), output_field=DecimalField()
        ),
    ).order_by("-closes", "pk")


# --- applications ----------------------------------------------------------------------------


def _applications() -> QuerySet[AccessApplication]:
    return AccessApplication.objects.select_related("call", "company", "facility", "applicant").prefetch_related(
        "units", Prefetch("bookings", queryset=Booking.objects.select_related("unit").order_by("start"))
    )


def applications_of_user(user) -> QuerySet[AccessApplication]:
    """The applications of the companies `user` belongs to."""
    return _applications().filter(company_id__in=list(organisation_ids(user)))


def operator_queue(user) -> QuerySet[AccessApplication]:
    """Submitted (and later) applications for the facilities `user` keeps."""
    own = own_facilities(user).values("pk")
    return _applications().filter(facility__in=own).exclude(status=ApplicationStatus.DRAFT)


def decision_queue() -> QuerySet[AccessApplication]:
    return _applications().filter(status=ApplicationStatus.FEASIBLE)


def application_detail(pk: int) -> AccessApplication:
    return (
        _applications().select_related("company__region", "usage_report").prefetch_related("history__actor").get(pk=pk)
    )


def company_accesses(user, organisation) -> QuerySet[AccessApplication]:
    """For the company page: its applications with bookings and usage reports, to its members,
    the authority of its region and programme admins; nobody else sees any."""
    allowed = (
        is_programme_admin(user)
        or organisation.pk in organisation_ids(user)
        or is_authority_for(user, organisation.region)
    )
    if not allowed:
        return AccessApplication.objects.none()
    queryset = _applications().select_related("usage_report").filter(company=organisation)
    if organisation.pk not in organisation_ids(user):
        queryset = queryset.exclude(status=ApplicationStatus.DRAFT)
    return queryset


def visible_bookings(user) -> QuerySet[Booking]:
    """Bookings `user` may see: their companies', their facilities', all for admins."""
    queryset = Booking.objects.select_related("unit__facility", "application__company").order_by("start")
    if is_programme_admin(user):
        return queryset
    mine = Q(application__company_id__in=list(organisation_ids(user)))
    return queryset.filter(mine | Q(unit__facility__in=own_facilities(user).values("pk")))


# --- utilisation -----------------------------------------------------------------------------


def month_starts(count: int, *, until: date | None = None) -> list[date]:
    """The first days of the last `count` months, ending with `until`'s month."""
    until = until or timezone.localdate()
    year, month = until.year, until.month
    result = []
    for _ in range(count):
        result.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return result[::-1]


def utilisation(units: list[Unit], months: list[date]) -> dict[int, list[dict]]:
    """{unit id: [{month, booked_days, share}]}: days booked per month (active bookings, parts
    of days counted as parts), and their share of the month's days. One query."""
    if not units or not months:
        return {}
    zone = units[0].facility.zone
    edges = [_day_start(m, zone) for m in months]
    last = months[-1]
    edges.append(_day_start(date(last.year + (last.month == 12), last.month % 12 + 1, 1), zone))
    rows = Booking.objects.filter(
        unit__in=[u.pk for u in units], status=BlockStatus.ACTIVE, start__lt=edges[-1], end__gt=edges[0]
    ).values_list("unit_id", "start", "end")
    booked = defaultdict(lambda: [0.0] * len(months))
    for unit_id, start, end in rows:
        for i in range(len(months)):
            overlap = min(end, edges[i + 1]) - max(start, edges[i])
            if overlap > timedelta(0):
                booked[unit_id][i] += overlap / timedelta(days=1)
    result = {}
    for unit in units:
        result[unit.pk] = [
            {
                "month": month,
                "booked_days": round(booked[unit.pk][i], 1),
                "share": round(100 * booked[unit.pk][i] / ((edges[i + 1] - edges[i]) / timedelta(days=1))),
            }
            for i, month in enumerate(months)
        ]
    return result
