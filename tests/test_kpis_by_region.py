"""Indicators are computed where the data is: asked for one region, every registered provider
aggregates that region's rows only, and its figure equals the region's share of the programme's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bsrstars import kpis

pytestmark = pytest.mark.django_db

SHARES = {"events.cross_border_share"}  # a percentage: no per-region breakdown to compare with


def test_every_provider_asked_for_a_region_counts_only_that_region(demo_data):
    programme = kpis.registry.compute_all()
    for code in ("LT011", "SE224", "DK01"):
        regional = kpis.registry.compute_all(kpis.Period(region=code))
        mismatches = {
            provider: (regional[provider].total, programme[provider].for_region(code))
            for provider in programme
            if provider not in SHARES and regional[provider].total != programme[provider].for_region(code)
        }
        assert mismatches == {}, code
        assert any(programme[p].for_region(code) for p in programme), code  # the demo has figures here
        assert all(key.startswith(code) for value in regional.values() for key in value.by_region), code


def test_regional_aggregates_carry_the_region_filter_in_sql(demo_data):
    with CaptureQueriesContext(connection) as ctx:
        kpis.registry.compute("smes.eligible", kpis.Period(region="LT011"))
    aggregates = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert aggregates and all("LT011" in sql for sql in aggregates)


def test_regional_cross_border_share_is_the_regions_own(demo_data):
    programme = kpis.registry.compute("events.cross_border_share")
    nowhere = kpis.registry.compute("events.cross_border_share", kpis.Period(region="XX9"))
    assert programme.total > 0
    assert nowhere.total == 0
