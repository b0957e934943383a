"""The region page, the dashboard and /api/v1/kpis/ show current values computed from live
operations: cached, but a change to the rows they are computed from shows at once when it goes
through the ORM's save/delete (signals), and at the latest kpis.CACHE_SECONDS later when it
does not (QuerySet.update, bulk_create). The region page aggregates only the region asked for
and only the total it shows; its query count does not grow with the data."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bsrstars import kpis
from bsrstars.accounts.models import Organisation
from tests.factories import OrganisationFactory, person, region

pytestmark = pytest.mark.django_db


def _figures(client, code="SE224"):
    response = client.get(reverse("regions:detail", args=[code]))
    assert response.status_code == 200
    return {str(p.code): v for p, v in response.context["figures"]}


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_region_figure_changes_as_soon_as_an_organisation_is_saved_or_deleted(client):
    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))
    before = _figures(client)["organisations.sme"]
    new = OrganisationFactory(kind="sme", region=region("SE224"), country="SE")
    assert _figures(client)["organisations.sme"] == before + 1
    new.delete()
    assert _figures(client)["organisations.sme"] == before


def test_a_write_without_signals_shows_within_the_cache_lifetime(client, monkeypatch):
    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))
    sme = OrganisationFactory(kind="sme", region=region("DK011"), country="DK")
    before = _figures(client)["organisations.sme"]
    Organisation.objects.filter(pk=sme.pk).update(region=region("SE224"), country="SE")  # no signal
    assert _figures(client)["organisations.sme"] == before  # cached: not yet
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + kpis.CACHE_SECONDS + 1)
    assert _figures(client)["organisations.sme"] == before + 1


def test_dashboard_and_api_show_a_new_company_at_once(client):
    from tests.smes.factories import company

    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))

    def dashboard_current():
        response = client.get(reverse("regions:dashboard"))
        return {row.definition.code: row.current for row, _chart in response.context["rows"]}["smes-registered"]

    def api_current():
        rows = client.get("/api/v1/kpis/").json()
        return next(row["current"] for row in rows if row["code"] == "smes-registered")

    before = dashboard_current()
    assert api_current() == before
    company("Cached Figures AB")
    assert dashboard_current() == before + 1
    assert api_current() == before + 1


def test_region_page_computes_totals_only_for_the_region_asked_for(client):
    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE")
    path = reverse("regions:detail", args=["SE224"])
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    aggregates = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    # One total per counting provider, none of the by-region / by-country / by-month breakdowns.
    assert not [sql for sql in aggregates if "GROUP BY" in sql.upper()]
    assert all("SE224" in sql for sql in aggregates if "region" in sql)
    cached = _queries(client, path)
    assert cached < len(ctx.captured_queries) - len(kpis.registry.providers()) + 1


def test_totals_only_totals_equal_the_full_computation(demo_data):
    for code in ("SE224", "LT011", "DK01"):
        full = kpis.registry.compute_all(kpis.Period(region=code))
        totals = kpis.registry.compute_all(kpis.Period(region=code, totals_only=True))
        assert {c: v.total for c, v in totals.items()} == {c: v.total for c, v in full.items()}, code


def test_region_page_query_count_is_the_same_with_one_and_many_rows(client):
    from smes.models import SMEProfile

    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))
    path = reverse("regions:detail", args=["SE224"])
    OrganisationFactory(kind="sme", region=region("SE224"), country="SE")
    cold_small = _queries(client, path)
    warm_small = _queries(client, path)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bulk {i}", kind="sme", country="SE", region=region("SE224")) for i in range(2_000)
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
    kpis.invalidate()  # what bulk writes do
    # No more than with one company (fewer: the profile part, unchanged, is still kept).
    assert _queries(client, path) <= cold_small
    assert _queries(client, path) == warm_small
    assert _figures(client)["smes.eligible"] >= 2_000


def test_the_periodic_refresh_fills_the_cache_for_the_dashboard_and_partner_pages(client, settings):
    from regions.tasks import refresh_kpis

    assert settings.CELERY_BEAT_SCHEDULE["kpis-refresh-every-30-seconds"]["task"] == "regions.refresh_kpis"
    client.force_login(person("partner", org_kind="partner", org_region="DK011", country="DK"))
    path = reverse("regions:detail", args=["SE224"])
    cold = _queries(client, path)
    kpis.invalidate()
    assert refresh_kpis() >= 6  # the programme and each partner region
    assert _queries(client, path) < cold - 10  # found fresh: nothing recomputed in the request
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("regions:dashboard"))
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "GROUP BY" in q["sql"].upper()]


def test_a_cache_outage_fails_neither_writes_nor_the_figures(settings):
    from bsrstars import generations
    from events import recommend
    from smes import results

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    sme = OrganisationFactory(kind="sme", region=region("SE224"), country="SE")  # invalidates: must not raise
    sme.save()
    values = kpis.registry.current_all(kpis.Period(region="SE224", totals_only=True))
    assert values["organisations.sme"].total >= 1
    generations.bump(recommend._GLOBAL_KEY)
    results.invalidate()  # the directory's results: the write goes on without the cache
