from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsrstars import kpis
from tests.factories import OrganisationFactory, region

pytestmark = pytest.mark.django_db


def _at(year, month):
    return datetime(year, month, 15, 12, tzinfo=UTC)


def test_registry_lists_one_provider_per_organisation_kind():
    codes = [p.code for p in kpis.registry.providers()]
    for kind in (
        "sme",
        "research",
        "regional_authority",
        "national_authority",
        "partner",
        "facility_operator",
        "other",
    ):
        assert f"organisations.{kind}" in codes
    provider = kpis.registry.get("organisations.sme")
    assert str(provider.name) == "Organisations registered: SME"
    assert str(provider.unit) == "organisations"


def test_organisations_provider_counts_with_breakdowns():
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE", created_at=_at(2026, 1))
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE", created_at=_at(2026, 2))
    OrganisationFactory(kind="sme", region=region("DK011"), country="DK", created_at=_at(2026, 2))
    OrganisationFactory(kind="sme", region=region("DK012"), country="DK", created_at=_at(2026, 3))
    OrganisationFactory(kind="research", region=region("SE224"), country="SE", created_at=_at(2026, 2))
    value = kpis.registry.compute("organisations.sme")
    assert value.total == 4
    assert value.by_country == {"SE": 2, "DK": 2}
    assert value.by_region == {"SE224": 2, "DK011": 1, "DK012": 1}
    assert value.by_month == {"2026-01": 1, "2026-02": 2, "2026-03": 1}
    # A partner region of NUTS-2 level includes its NUTS-3 sub-regions.
    assert value.for_region("DK01") == 2
    assert value.for_region("SE224") == 2
    assert value.for_region("LT011") == 0


def test_period_limits_what_is_counted():
    OrganisationFactory(kind="sme", created_at=_at(2025, 12))
    OrganisationFactory(kind="sme", created_at=_at(2026, 1))
    value = kpis.registry.compute("organisations.sme", kpis.Period(start=date(2026, 1, 1), end=date(2026, 2, 1)))
    assert value.total == 1
    assert value.by_month == {"2026-01": 1}


def test_module_can_register_its_own_provider():
    registry = kpis.KPIRegistry()
    registry.register(
        kpis.KPIProvider("events.smes", "SMEs in events", "SMEs", lambda period: kpis.KPIValue("events.smes", total=7))
    )
    assert registry.compute("events.smes").total == 7
    with pytest.raises(KeyError):
        registry.compute("policy.briefs")


def test_kpi_computation_query_count_independent_of_data():
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            kpis.registry.compute_all()
        return len(ctx.captured_queries)

    OrganisationFactory(kind="sme")
    few = queries()
    for i in range(30):
        OrganisationFactory(kind=["sme", "research", "partner"][i % 3], created_at=_at(2026, 1 + i % 12))
    assert queries() == few


def test_eligible_smes_provider_counts_distinct_eligible_companies_only():
    from tests.smes.factories import company

    company(region="SE224")
    company(region="SE224", country="SE")
    company(country="DK", region="DK011")
    company(employees=900, turnover=900_000_000, balance=900_000_000)  # registered, not an SME
    OrganisationFactory(kind="sme")  # no profile yet: eligibility unknown, not counted
    value = kpis.registry.compute("smes.eligible")
    assert value.total == 3
    assert value.by_country == {"SE": 2, "DK": 1}
    assert value.for_region("DK01") == 1
