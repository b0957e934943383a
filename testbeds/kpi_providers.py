"""KPIs of test-facility access, read by the dashboard through bsrstars/kpis.py."""

from decimal import Decimal

from django.db.models import F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bsrstars import kpis


def _within(period: kpis.Period, field: str) -> dict:
    return {f"{field}__date__{op}": day for op, day in (("gte", period.start), ("lt", period.end)) if day}


def _completed_transnational(period: kpis.Period):
    """Bookings that have ended, of granted accesses by a company from another country than the
    facility's."""
    from .models import GRANTED, BlockStatus, Booking

    return Booking.objects.filter(
        status=BlockStatus.ACTIVE,
        end__lte=timezone.now(),
        application__status__in=GRANTED,
        **_within(period, "end"),
    ).exclude(application__company__country=F("unit__facility__country"))


def smes_with_access(period: kpis.Period) -> kpis.KPIValue:
    """Distinct SMEs with a completed transnational booking, by the company's region and country
    and the month the booking ended (the programme's target: 10)."""
    return kpis.count_distinct_breakdown(
        _completed_transnational(period),
        code="testbeds.smes",
        distinct_field="application__company_id",
        date_field="end",
        region_field="application__company__region__code",
        country_field="application__company__country",
        period=period,
    )


def _granted(period: kpis.Period):
    from .models import GRANTED, AccessApplication

    return AccessApplication.objects.filter(status__in=GRANTED, **_within(period, "decided_at"))


def vouchers_granted(period: kpis.Period) -> kpis.KPIValue:
    """Vouchers granted, by the company's region and country and the month of the decision."""
    return kpis.count_distinct_breakdown(
        _granted(period),
        code="testbeds.vouchers",
        distinct_field="id",
        date_field="decided_at",
        region_field="company__region__code",
        country_field="company__country",
        period=period,
    )


def voucher_euros(period: kpis.Period) -> kpis.KPIValue:
    """EUR granted in vouchers, broken down as vouchers_granted. Four aggregate queries."""
    queryset = _granted(period).filter(**period.region_kwargs("company__region__code"))
    total = Sum("granted_amount")
    value = kpis.KPIValue(code="testbeds.voucher_eur", total=queryset.aggregate(n=total)["n"] or Decimal("0"))
    for key, n in (
        queryset.values_list("company__region__code").annotate(n=total).values_list("company__region__code", "n")
    ):
        value.by_region[key or ""] = n
    for key, n in queryset.values_list("company__country").annotate(n=total).values_list("company__country", "n"):
        value.by_country[str(key)] = n
    for row in queryset.annotate(month=TruncMonth("decided_at")).values("month").annotate(n=total).order_by("month"):
        value.by_month[row["month"].strftime("%Y-%m")] = row["n"]
    return value


def bookings_by_facility_country(period: kpis.Period) -> kpis.KPIValue:
    """Active bookings, by the facility's region and country and the month they start."""
    from .models import BlockStatus, Booking

    return kpis.count_distinct_breakdown(
        Booking.objects.filter(status=BlockStatus.ACTIVE, **_within(period, "start")),
        code="testbeds.bookings",
        distinct_field="id",
        date_field="start",
        region_field="unit__facility__region__code",
        country_field="unit__facility__country",
        period=period,
    )


def register():
    kpis.register(
        kpis.KPIProvider(
            "testbeds.smes",
            _("SMEs with transnational access to bio-economy test facilities"),
            _("SMEs"),
            smes_with_access,
        )
    )
    kpis.register(kpis.KPIProvider("testbeds.vouchers", _("Access vouchers granted"), _("vouchers"), vouchers_granted))
    kpis.register(kpis.KPIProvider("testbeds.voucher_eur", _("Access vouchers granted (EUR)"), "EUR", voucher_euros))
    kpis.register(
        kpis.KPIProvider(
            "testbeds.bookings",
            _("Test-facility bookings, by the facility's country"),
            _("bookings"),
            bookings_by_facility_country,
        )
    )
