"""The testbeds demo: facilities in all five partner countries, each review step, something for
the demo operator to do; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from bsrstars.accounts.models import User
from testbeds import selectors
from testbeds.models import AccessApplication, Facility, TimeBlock, UsageReport, VoucherCall

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Facility, TimeBlock, AccessApplication, UsageReport, VoucherCall))


def test_demo_facilities_steps_and_the_operators_work(demo_data):
    assert 6 <= Facility.objects.count() <= 10
    assert set(Facility.objects.values_list("country", flat=True)) == {"SE", "DK", "FI", "LT", "NO"}
    assert all("demo" in f.name for f in Facility.objects.all())
    statuses = set(AccessApplication.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "not_feasible", "feasible", "rejected", "approved", "completed"}
    operator = User.objects.get(email="operator@example.org")
    to_review = [a for a in selectors.operator_queue(operator) if a.status == "submitted"]
    assert len(to_review) == 1 and to_review[0].company.name == "Skåne Algae Solutions AB"
    assert UsageReport.objects.count() == 2
    assert UsageReport.objects.filter(confirmed_at__isnull=False).count() == 1  # the other one for the operator
    assert [c.is_open() for c in VoucherCall.objects.all()] == [True]


def test_seed_demo_twice_changes_no_testbeds_rows(demo_data):
    before = _counts()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert _counts() == before
