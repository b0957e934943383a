from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regions.models import RegionalStatistic, StatisticIndicator, StatisticsImport
from tests.factories import person, region

pytestmark = pytest.mark.django_db

HEADER = "region,indicator,year,value,source\n"


def _upload(client, text, name="stats.csv"):
    return client.post(reverse("regions:statistics_import"), {"file": SimpleUploadedFile(name, text.encode())})


def test_import_dry_run_then_all_rows(client):
    client.force_login(person("partner", org_kind="partner"))
    RegionalStatistic.objects.create(
        region=region("SE224"), indicator=StatisticIndicator.objects.get(code="rd-expenditure"), year=2024, value=3
    )
    _upload(client, HEADER + 'SE224,rd-expenditure,2024,4.1,Eurostat\nLT011,gdp-per-capita,2024,"31 500",\n')
    batch = StatisticsImport.objects.get()
    assert [(r["row"], r["status"]) for r in batch.report] == [(2, "update"), (3, "new")]
    assert RegionalStatistic.objects.count() == 1  # the dry run changed nothing
    client.post(reverse("regions:statistics_import_confirm", args=[batch.pk]))
    values = {
        (s.region.code, s.indicator.code): s.value
        for s in RegionalStatistic.objects.select_related("region", "indicator")
    }
    assert values == {("SE224", "rd-expenditure"): Decimal("4.1"), ("LT011", "gdp-per-capita"): 31500}


def test_import_with_bad_rows_names_each_row_and_changes_nothing(client):
    client.force_login(person("partner", org_kind="partner"))
    _upload(
        client,
        HEADER
        + "SE224,rd-expenditure,2024,4.1,\n"
        + "XX999,rd-expenditure,2024,1,\n"
        + "SE224,no-such-indicator,2024,1,\n"
        + "SE224,gdp-per-capita,2024,lots,\n"
        + "SE224,rd-expenditure,2024,4.2,\n",
    )
    batch = StatisticsImport.objects.get()
    errors = {r["row"]: " ".join(r["errors"]) for r in batch.report if r["status"] == "error"}
    assert "Unknown region code “XX999”" in errors[3]
    assert "Unknown indicator “no-such-indicator”" in errors[4]
    assert "value is not a number: “lots”" in errors[5]
    assert "appear twice" in errors[6]
    response = client.post(reverse("regions:statistics_import_confirm", args=[batch.pk]), follow=True)
    assert RegionalStatistic.objects.count() == 0
    assert "Nothing can be imported" in response.content.decode()


def test_import_refuses_unreadable_files(client):
    client.force_login(person("partner", org_kind="partner"))
    response = _upload(client, "not,the,right\n1,2,3\n")
    assert "Columns missing: region, indicator, year, value." in " ".join(response.context["form"].errors["file"])
    response = _upload(client, "%PDF", name="stats.pdf")
    assert "Upload a .csv or .xlsx file." in " ".join(response.context["form"].errors["file"])


def test_sample_file_passes_the_check(client):
    from pathlib import Path

    client.force_login(person("partner", org_kind="partner"))
    sample = Path(__file__).resolve().parents[2] / "regions" / "data" / "statistics_sample.csv"
    _upload(client, sample.read_text())
    assert StatisticsImport.objects.get().error_count == 0


def test_structural_page_with_own_country_excluded(client):
    indicator = StatisticIndicator.objects.get(code="gdp-per-capita")
    for code, value in [("SE224", 38000), ("SE110", 39000), ("DK011", 41000), ("LT011", 25000)]:
        RegionalStatistic.objects.create(region=region(code), indicator=indicator, year=2024, value=value)
    client.force_login(person())
    response = client.get(reverse("regions:structural", args=["SE224"]))
    assert [row["code"] for row in response.context["rows"]] == ["SE110", "DK011", "LT011"]
    response = client.get(reverse("regions:structural", args=["SE224"]), {"exclude_own_country": "on", "n": 3})
    assert [row["code"] for row in response.context["rows"]] == ["DK011", "LT011"]


def test_statistics_api_filters():
    from rest_framework.test import APIClient

    indicator = StatisticIndicator.objects.get(code="gdp-per-capita")
    RegionalStatistic.objects.create(region=region("SE224"), indicator=indicator, year=2024, value=38000)
    RegionalStatistic.objects.create(region=region("LT011"), indicator=indicator, year=2024, value=25000)
    api = APIClient()
    api.force_authenticate(person())
    data = api.get("/api/v1/statistics/", {"region__code__startswith": "SE"}).json()
    assert [(r["region"], r["indicator"], r["value"]) for r in data["results"]] == [
        ("SE224", "gdp-per-capita", "38000.0000")
    ]


def _confirm_queries(client, years: range) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RegionalStatistic.objects.all().delete()
    RegionalStatistic.objects.create(
        region=region("SE224"), indicator=StatisticIndicator.objects.get(code="rd-expenditure"), year=years[0], value=1
    )
    _upload(client, HEADER + "".join(f"SE224,rd-expenditure,{y},2.5,Eurostat\n" for y in years))
    batch = StatisticsImport.objects.latest("pk")
    with CaptureQueriesContext(connection) as ctx:
        client.post(reverse("regions:statistics_import_confirm", args=[batch.pk]))
    assert RegionalStatistic.objects.filter(value=Decimal("2.5")).count() == len(years)
    return len(ctx.captured_queries)


def test_confirming_a_large_file_writes_in_bulk(client):
    client.force_login(person("partner", org_kind="partner"))
    assert _confirm_queries(client, range(1990, 2100)) == _confirm_queries(client, range(2000, 2003))
