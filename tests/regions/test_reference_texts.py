"""The reference texts migrations load (regions/data/*.csv) are listed for translation and shown
through gettext."""

import csv
import importlib

import pytest
from django.utils import translation

from regions import reference_texts
from regions.models import KPIDefinition, S3Domain, StatisticIndicator
from regions.reference_data import DATA_DIR

COLUMNS = {
    "s3_domains.csv": ("name", "description"),
    "kpi_definitions.csv": ("name", "unit", "description"),
    "statistic_indicators.csv": ("name", "unit", "description"),
}


# Apps whose migrations add KPI definitions of their own (code, name, unit, kind, provider, description).
MIGRATIONS = ("coaching.migrations.0002_kpi_definitions", "testbeds.migrations.0003_kpi_definitions")


def _csv_texts() -> set[str]:
    texts = set()
    for name, columns in COLUMNS.items():
        with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
            texts |= {row[c].strip() for row in csv.DictReader(fh) for c in columns if row[c].strip()}
    for module in MIGRATIONS:
        for _code, name, unit, _kind, _provider, description in importlib.import_module(module).DEFINITIONS:
            texts |= {text for text in (name, unit, description) if text}
    return texts


def test_every_reference_text_of_the_data_files_is_listed_for_translation():
    listed = set(reference_texts.TEXTS)
    assert sorted(_csv_texts() - listed) == []
    assert sorted(listed - _csv_texts()) == []


@pytest.mark.django_db
def test_reference_labels_go_through_gettext_and_keep_texts_an_admin_wrote(monkeypatch):
    domain = S3Domain.objects.get(code="BIO")
    kpi = KPIDefinition.objects.order_by("position").first()
    indicator = StatisticIndicator.objects.order_by("code").first()
    seen = []
    monkeypatch.setattr("regions.models.gettext", lambda text: seen.append(text) or f"<{text}>")
    with translation.override("lt"):
        assert (domain.label, str(domain), domain.description_label) == (
            f"<{domain.name}>",
            f"<{domain.name}>",
            f"<{domain.description}>",
        )
        assert (kpi.label, kpi.unit_label) == (f"<{kpi.name}>", f"<{kpi.unit}>")
        assert indicator.unit_label == f"<{indicator.unit}>"
    domain.name = "Written by an admin"
    monkeypatch.undo()
    with translation.override("lt"):
        assert domain.label == "Written by an admin"


@pytest.mark.django_db
def test_a_description_with_commas_is_read_whole():
    """The CSV quotes fields with commas: the policy-briefs indicator's description ends where its
    sentence does, in English and in the catalogue."""
    definition = KPIDefinition.objects.get(code="policy-briefs")
    assert definition.description == "Policy briefs with recommendations published for regional, national and EU level."
