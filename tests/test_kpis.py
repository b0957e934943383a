import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsrstars import kpis
from tests.factories import OrganisationFactory, in_month, month, region

pytestmark = pytest.mark.django_db


def _key(ago):
    return month(ago).strftime("%Y-%m")


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
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE", created_at=in_month(3))
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE", created_at=in_month(2))
    OrganisationFactory(kind="sme", region=region("DK011"), country="DK", created_at=in_month(2))
    OrganisationFactory(kind="sme", region=region("DK012"), country="DK", created_at=in_month(1))
    OrganisationFactory(kind="research", region=region("SE224"), country="SE", created_at=in_month(2))
    value = kpis.registry.compute("organisations.sme")
    assert value.total == 4
    assert value.by_country == {"SE": 2, "DK": 2}
    assert value.by_region == {"SE224": 2, "DK011": 1, "DK012": 1}
    assert value.by_month == {_key(3): 1, _key(2): 2, _key(1): 1}
    # A partner region of NUTS-2 level includes its NUTS-3 sub-regions.
    assert value.for_region("DK01") == 2
    assert value.for_region("SE224") == 2
    assert value.for_region("LT011") == 0


def test_period_limits_what_is_counted():
    OrganisationFactory(kind="sme", created_at=in_month(2))
    OrganisationFactory(kind="sme", created_at=in_month(1))
    OrganisationFactory(kind="sme")  # this month
    value = kpis.registry.compute("organisations.sme", kpis.Period(start=month(1), end=month(0)))
    assert value.total == 1
    assert value.by_month == {_key(1): 1}


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
        OrganisationFactory(kind=["sme", "research", "partner"][i % 3], created_at=in_month(i % 12))
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
