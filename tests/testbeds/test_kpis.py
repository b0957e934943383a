"""KPIs through the registry: SMEs with a completed transnational access (target 10), vouchers
granted (count and EUR) and bookings by the facility's country."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bsrstars import kpis
from testbeds.models import TimeBlock
from tests.factories import people_in_every_role
from tests.testbeds import factories as f

pytestmark = pytest.mark.django_db


def _into_the_past(application, days=10):
    shift = application.proposed_end - f.at(-days)
    TimeBlock.objects.filter(application=application).update(
        start=application.proposed_start - shift,
        end=application.proposed_end - shift,
        blocked_until=application.proposed_end - shift,
    )


def test_smes_with_completed_transnational_access():
    the_call, open_call = f.call(), f.call(transnational_only=False)
    unit = f.unit()  # in Norway
    done = f.booked(f.draft(the_call, unit), start=f.at(20), end=f.at(22))
    _into_the_past(done)
    applicant, firm = done.applicant, done.company
    again = f.booked(f.draft(the_call, unit, applicant=applicant, organisation=firm), start=f.at(30), end=f.at(32))
    _into_the_past(again, days=5)
    f.booked(f.draft(the_call, unit), start=f.at(40), end=f.at(42))  # not over yet
    norwegian, firm_no = f.sme_member(country="NO", region="NO060")
    home = f.booked(f.draft(open_call, unit, applicant=norwegian, organisation=firm_no), start=f.at(50), end=f.at(52))
    _into_the_past(home, days=3)  # same country: not transnational
    value = kpis.registry.compute("testbeds.smes")
    assert value.total == 1
    assert value.by_country == {"SE": 1}
    assert value.for_region("SE2") == 1


def test_vouchers_granted_and_bookings_by_facility_country():
    the_call = f.call()
    f.booked(f.draft(the_call, f.unit()), start=f.at(20), end=f.at(22), amount="6000")
    lithuanian = f.unit(f.facility(name="Vilnius lab", country="LT", region="LT011", tz="Europe/Vilnius"))
    f.booked(f.draft(the_call, lithuanian), start=f.at(20), end=f.at(22), amount="2500")
    f.feasible(f.draft(the_call, lithuanian), start=f.at(30), end=f.at(32))  # not granted
    assert kpis.registry.compute("testbeds.vouchers").total == 2
    euros = kpis.registry.compute("testbeds.voucher_eur")
    assert euros.total == Decimal("8500") and euros.by_country == {"SE": Decimal("8500")}
    bookings = kpis.registry.compute("testbeds.bookings")
    assert bookings.by_country == {"NO": 1, "LT": 1}
    period = kpis.Period(start=f.at(25).date())
    assert kpis.registry.compute("testbeds.bookings", period).total == 0


def test_the_dashboard_shows_smes_with_access_against_the_target(client):
    done = f.booked(start=f.at(20), end=f.at(22))
    _into_the_past(done)
    client.force_login(people_in_every_role()["admin"])
    response = client.get(reverse("regions:dashboard"))
    row = next(r for r, _charts in response.context["rows"] if r.definition.provider_code == "testbeds.smes")
    assert (row.current, row.definition.target) == (1, 10)


def test_the_dashboard_shows_vouchers_and_bookings_beside_access(client):
    the_call = f.call()
    f.booked(f.draft(the_call, f.unit()), start=f.at(20), end=f.at(22), amount="6000")
    client.force_login(people_in_every_role()["admin"])
    rows = {r.definition.provider_code: r for r, _charts in client.get(reverse("regions:dashboard")).context["rows"]}
    assert (rows["testbeds.vouchers"].current, rows["testbeds.voucher_eur"].current) == (1, Decimal("6000"))
    assert rows["testbeds.bookings"].current == 1
