"""Test facilities, units, calls and applications made through the real services."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bsrstars.accounts.models import Membership
from regions.models import Region
from testbeds import services
from testbeds.models import Facility
from tests.factories import UserFactory, give_role, person
from tests.smes.factories import company


def operator(country="NO", region="NO060"):
    """A facility operator, member of a new facility-operator organisation."""
    return person("facility_operator", org_kind="facility_operator", org_region=region, country=country)


def facility(owner=None, *, country="NO", region="NO060", tz="Europe/Oslo", name="Trondheim Biorefinery Pilot"):
    owner = owner or operator(country, region)
    organisation = owner.memberships.get().organisation
    return services.create_facility(
        by=owner,
        operator=organisation,
        name=name,
        country=country,
        region=Region.objects.get(code=region),
        description="Pilot-scale biorefinery for lignocellulosic feedstocks.",
        timezone=tz,
    )


def unit(fac: Facility | None = None, *, buffer_hours=0, min_days=1, max_days=30, price="1200", **fields):
    fac = fac or facility()
    data = {
        "name": "Pilot fermentation line",
        "process_type": "fermentation",
        "scale": "pilot",
        "feedstocks": "whey, straw",
        "capacity": "1,000 L",
        "price_per_day": Decimal(price),
        "buffer_hours": buffer_hours,
        "min_days": min_days,
        "max_days": max_days,
    }
    data.update(fields)
    return services.create_unit(facility=fac, **data)


def admin():
    user = UserFactory(is_staff=True)
    give_role(user, "programme_admin")
    return user


def call(by=None, *, max_amount="10000", max_projects=10, total_budget="100000", rate=100, **fields):
    today = timezone.localdate()
    data = {
        "title": "Transnational access vouchers 2027",
        "opens": today - timedelta(days=10),
        "closes": today + timedelta(days=60),
        "max_amount": Decimal(max_amount),
        "max_projects": max_projects,
        "total_budget": Decimal(total_budget),
        "cofinancing_rate": rate,
    }
    data.update(fields)
    return services.open_call(by=by or admin(), **data)


def sme_member(country="SE", region="SE224"):
    """A person who is admin member of an eligible SME."""
    user = UserFactory()
    organisation = company(country=country, region=region)
    Membership.objects.create(user=user, organisation=organisation, is_admin=True)
    return user, organisation


def application_fields(**overrides):
    start = timezone.localdate() + timedelta(days=20)
    fields = {
        "project_description": "Scale our whey fermentation from 10 L to 1,000 L.",
        "expected_results": "Yield and titre at pilot scale.",
        "desired_start": start,
        "desired_end": start + timedelta(days=30),
        "duration_days": 5,
        "requested_amount": Decimal("6000"),
        "de_minimis_declared": True,
    }
    fields.update(overrides)
    return fields


def draft(the_call=None, the_unit=None, *, applicant=None, organisation=None, **overrides):
    the_unit = the_unit or unit()
    the_call = the_call or call()
    if applicant is None:
        applicant, organisation = sme_member()
    return services.save_draft(
        applicant=applicant,
        company=organisation,
        call=the_call,
        facility=the_unit.facility,
        units=[the_unit],
        **application_fields(**overrides),
    )


def at(days: int, hour: int = 8, tz=None) -> datetime:
    """A moment `days` from today at `hour` o'clock in the given zone (default Europe/Oslo)."""
    from zoneinfo import ZoneInfo

    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(tz or "Europe/Oslo"))


def feasible(application, *, start=None, end=None, price="8000"):
    """Submit and pass the operator's review with the given period."""
    start = start or at(25)
    end = end or start + timedelta(days=5)
    services.submit_application(application=application, by=application.applicant)
    operator_user = services.selectors.operators_of(application.facility).first()
    return services.review_application(
        application=application,
        by=operator_user,
        feasible=True,
        proposed_start=start,
        proposed_end=end,
        proposed_price=Decimal(price),
    )


def booked(application=None, *, start=None, end=None, amount="6000", by=None):
    application = feasible(application or draft(), start=start, end=end)
    return services.decide_application(application=application, by=by or admin(), approve=True, amount=Decimal(amount))
