"""Figures people would rather look at: KPI tiles, a coloured complementarity matrix, regional
statistics as a chart with its table beside."""

import re

import pytest
from django.urls import reverse

from regions.models import RegionalStatistic, StatisticIndicator
from tests.factories import person, region
from tests.smes.factories import company

pytestmark = pytest.mark.django_db


def test_dashboard_opens_with_one_tile_per_indicator_and_folds_the_monthly_tables(client):
    company()
    client.force_login(person("partner", org_kind="partner"))
    response = client.get(reverse("regions:dashboard"))
    html = response.content.decode()
    tiles = re.findall(r'<li class="kpi-tile[^"]*">', html)
    assert len(tiles) == len(response.context["rows"])
    assert html.index('class="kpi-tiles"') < html.index('class="card kpi"')  # tiles first
    # a measured indicator with a target: current of target, a progress bar and a trend line
    tile = html[html.index('href="#kpi-smes-events"') :].split("</li>")[0]
    assert "of 400" in tile
    assert '<progress class="meter"' in tile
    assert 'id="trend-smes-events-title"' in tile
    # monthly tables sit in <details> under each chart
    assert html.count("<summary>The monthly figures</summary>") == sum(
        1 for row, _chart in response.context["rows"] if row.measured
    )


def test_matrix_cells_are_shaded_by_complementarity_and_keep_their_numbers(client, reference_data):
    client.force_login(person())
    response = client.get(reverse("regions:matrix"))
    html = response.content.decode()
    cells = re.findall(r'<td class="heat-(\d)"><a [^>]*>([\d.]+) / ([\d.]+)', html)
    partners = len(response.context["partners"])
    assert len(cells) == partners * (partners - 1)
    for shade, _sim, comp in cells:
        assert int(shade) == min(4, int(float(comp) * 5))
    assert 'class="legend"' in html


def test_statistics_show_a_chart_with_the_table_beside(client, reference_data):
    indicator = StatisticIndicator.objects.order_by("code").first()
    for code, value in (("SE224", 10), ("LT011", 30), ("FI197", 20)):
        RegionalStatistic.objects.create(region=region(code), indicator=indicator, year=2024, value=value)
    RegionalStatistic.objects.create(region=region("SE224"), indicator=indicator, year=2023, value=5)
    client.force_login(person())
    response = client.get(reverse("regions:statistics"), {"indicator": indicator.code})
    assert response.context["year"] == 2024
    assert [s.region.code for s in response.context["chart_rows"]] == ["LT011", "FI197", "SE224"]
    html = response.content.decode()
    assert 'id="statistics-chart-title"' in html
    assert 'class="chart-with-table"' in html
    older = client.get(reverse("regions:statistics"), {"indicator": indicator.code, "year": "2023"})
    assert [s.region.code for s in older.context["chart_rows"]] == ["SE224"]
