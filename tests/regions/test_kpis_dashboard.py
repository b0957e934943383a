import io
from datetime import timedelta

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bsrstars.accounts.models import Organisation
from regions import services
from regions.models import KPIDefinition, KPISnapshot, PolicyLearningActivity, Region
from tests.factories import OrganisationFactory, in_month, month, person, region
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


def _rows(response):
    return {row.definition.code: row for row, _chart in response.context["rows"]}


def _unmeasured_definition():
    """An indicator whose module has not landed: a provider code nobody registers."""
    return KPIDefinition.objects.create(
        code="jobs-created", name="Jobs created", unit="jobs", kind="result", provider_code="jobs.created", position=99
    )


def test_programme_targets_seeded_and_unmeasured_kpis_are_not_zero(client):
    _unmeasured_definition()
    client.force_login(person("partner", org_kind="partner"))
    response = client.get(reverse("regions:dashboard"))
    rows = _rows(response)
    assert {
        code: rows[code].definition.target
        for code in ("smes-events", "smes-coaching", "smes-testbeds", "authorities-policy-learning")
    } == {"smes-events": 400, "smes-coaching": 150, "smes-testbeds": 10, "authorities-policy-learning": 30}
    assert rows["jobs-created"].measured is False  # no module registers its provider
    assert rows["jobs-created"].current is None
    assert rows["policy-briefs"].measured is True
    assert rows["smes-testbeds"].measured is True
    assert rows["smes-coaching"].measured is True
    assert rows["smes-events"].measured is True
    assert rows["smes-registered"].measured is True
    assert "Not yet measured" in response.content.decode()


def test_authorities_in_policy_learning_counted_once_each(client):
    skane = OrganisationFactory(kind="regional_authority", region=region("SE224"))
    vilnius = OrganisationFactory(kind="regional_authority", region=region("LT011"), country="LT")
    sme = OrganisationFactory(kind="sme")
    for day in (month(3), month(1)):
        activity = PolicyLearningActivity.objects.create(title="Peer review", kind="peer_review", date=day)
        activity.participants.set([skane, vilnius])
    from bsrstars import kpis

    value = kpis.registry.compute("regions.authorities_policy_learning")
    assert value.total == 2
    assert value.by_country == {"SE": 1, "LT": 1}
    with pytest.raises(Exception):  # noqa: B017,PT011 -- the service refuses a non-authority
        services.record_policy_learning(
            title="x",
            kind="workshop",
            day=month(2),
            host_region=None,
            description="",
            participants=[sme],
            created_by=None,
        )


def _measured_codes() -> set[str]:
    from bsrstars import kpis

    return {d.code for d in KPIDefinition.objects.exclude(provider_code="") if kpis.registry.get(d.provider_code)}


def test_snapshots_are_idempotent_per_month():
    OrganisationFactory(kind="regional_authority")
    this_month = month(0)
    first = services.take_kpi_snapshots(month=this_month)
    assert first == len(_measured_codes())  # one per definition a registered provider measures
    assert services.take_kpi_snapshots(month=this_month) == 0
    assert KPISnapshot.objects.filter(month=this_month).count() == first
    # A later change in the same month does not rewrite what was reported for it.
    snapshot = KPISnapshot.objects.get(month=this_month, definition__code="smes-registered")
    value_before = snapshot.value
    from tests.smes.factories import company

    company()
    services.take_kpi_snapshots(month=this_month)
    snapshot.refresh_from_db()
    assert snapshot.value == value_before


def test_snapshot_counts_only_up_to_the_end_of_its_month():
    from tests.smes.factories import company

    early, late = company(), company()
    Organisation.objects.filter(pk=early.pk).update(created_at=in_month(2, day=10))
    Organisation.objects.filter(pk=late.pk).update(created_at=in_month(1, day=3))
    services.take_kpi_snapshots(month=month(2))
    services.take_kpi_snapshots(month=month(1))
    values = dict(KPISnapshot.objects.filter(definition__code="smes-registered").values_list("month", "value"))
    assert values == {month(2): 1, month(1): 2}


def test_dashboard_shows_previously_reported_vs_current(client):
    from tests.smes.factories import company

    company()
    last_month = services.previous_month(timezone.localdate())
    KPISnapshot.objects.create(definition=KPIDefinition.objects.get(code="smes-registered"), month=last_month, value=0)
    company()
    client.force_login(person("partner", org_kind="partner"))
    row = _rows(client.get(reverse("regions:dashboard")))["smes-registered"]
    assert (row.previous, row.current, row.change) == (0, 2, 2)
    assert row.history[-1][1] == 2


PARTNER_REGIONS = ["DK01", "FI197", "LT011", "NO060", "SE224"]


@pytest.mark.parametrize(
    ("role", "region_code", "org_kind"),
    [
        ("regional_authority", "SE224", "regional_authority"),
        ("regional_authority", "LT011", "regional_authority"),
        ("partner", None, "partner"),
        ("facilitator", None, "partner"),
    ],
)
def test_one_rule_for_region_figures_in_page_dashboard_export_and_api(client, role, region_code, org_kind):
    """Region-level programme figures: every partner region, for everyone who may see the dashboard."""
    from rest_framework.test import APIClient

    company(country="LT", region="LT011")
    company(country="SE", region="SE224")
    viewer = person(role, region_code, org_kind=org_kind)
    client.force_login(viewer)
    dashboard = client.get(reverse("regions:dashboard"))
    assert sorted(r.code for r in dashboard.context["regions"]) == PARTNER_REGIONS
    csv = pd.read_csv(io.StringIO(client.get(reverse("regions:dashboard_export", args=["csv"])).content.decode()))
    assert sorted(c for c in csv.columns if c in PARTNER_REGIONS) == PARTNER_REGIONS
    api = APIClient()
    api.force_authenticate(viewer)
    by_region = {row["code"]: row["by_region"] for row in api.get("/api/v1/kpis/").json()}["smes-registered"]
    assert (sorted(by_region), by_region["LT011"], by_region["SE224"]) == (PARTNER_REGIONS, 1, 1)
    other = "SE224" if region_code == "LT011" else "LT011"
    page = client.get(reverse("regions:detail", args=[other]))
    assert [f for p, f in page.context["figures"] if p.code == "smes.eligible"] == [1]


def test_people_without_the_dashboard_see_no_region_figures(client):
    company(country="LT", region="LT011")
    client.force_login(person())  # an SME member
    assert client.get(reverse("regions:dashboard")).status_code == 403
    assert client.get(reverse("regions:detail", args=["LT011"])).context["figures"] == []


def _dashboard_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("regions:dashboard"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_same_for_one_region_little_data_and_five_regions_10000_records(client):
    from smes.models import SMEProfile

    OrganisationFactory(kind="sme")
    one_region = _dashboard_queries(client, person("regional_authority", "SE224", org_kind="regional_authority"))
    partners = list(Region.objects.filter(is_partner=True, level=3)) + list(Region.objects.filter(code="DK011"))
    now = timezone.now()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bulk {i}",
            kind="sme",
            country=partners[i % 5].country,
            region=partners[i % 5],
            created_at=now - timedelta(days=i % 365),
        )
        for i in range(10_000)
    )
    SMEProfile.objects.bulk_create(
        SMEProfile(
            organisation=o,
            city="x",
            nace_code="10",
            nace_section="C",
            employees=5,
            annual_turnover_eur=1,
            balance_sheet_total_eur=1,
            founding_year=2000,
            description="x",
            contact_name="x",
            contact_email="x@example.org",
            size_class="micro",
        )
        for o in organisations
    )
    five_regions = _dashboard_queries(client, person("partner", org_kind="partner"))
    assert five_regions == one_region
    response = client.get(reverse("regions:dashboard"))
    row = _rows(response)["smes-registered"]
    assert row.current == 10_000
    assert sum(f.value for f in row.regions) == 10_000


def test_dashboard_export_contents(client):
    from tests.smes.factories import company

    _unmeasured_definition()
    company(region="SE224")
    company(country="LT", region="LT011")
    client.force_login(person("partner", org_kind="partner"))
    csv = pd.read_csv(
        io.StringIO(client.get(reverse("regions:dashboard_export", args=["csv"])).content.decode()),
        dtype=str,
        keep_default_na=False,
    ).set_index("code")
    assert csv.loc["smes-registered", "current"] == "2"
    assert (csv.loc["smes-registered", "SE224"], csv.loc["smes-registered", "LT011"]) == ("1", "1")
    assert csv.loc["jobs-created", "current"] == "not yet measured"
    assert csv.loc["smes-coaching", "target"] == "150.00"
    response = client.get(reverse("regions:dashboard_export", args=["xlsx"]))
    xlsx = pd.read_excel(io.BytesIO(b"".join(response.streaming_content)), dtype=str)
    assert "smes-registered" in list(xlsx["code"])


def test_kpi_api_scoped_like_the_dashboard():
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(person("regional_authority", "LT011", org_kind="regional_authority"))
    data = {row["code"]: row for row in api.get("/api/v1/kpis/").json()}
    measured = _measured_codes()
    assert {code: row["measured"] for code, row in data.items()} == {code: code in measured for code in data}
    assert all(row["current"] is None for code, row in data.items() if code not in measured)
    assert sorted(data["smes-registered"]["by_region"]) == PARTNER_REGIONS
    api.force_authenticate(person())  # an SME member
    assert api.get("/api/v1/kpis/").status_code == 403
