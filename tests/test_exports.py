"""Every export is safe to open: no text cell becomes a live formula in a spreadsheet."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from bsrstars.exports import csv_bytes, xlsx_bytes
from tests.factories import person
from tests.smes.factories import company

pytestmark = pytest.mark.django_db

HOSTILE = [
    "=1+1",
    "=CMD|' /C calc'!A0",
    '=HYPERLINK("https://evil.example","x")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def test_csv_neutralises_every_formula_trigger_and_keeps_numbers():
    rows = [{"text": value, "number": -3} for value in HOSTILE] + [{"text": "Algae AB", "number": 4}]
    lines = csv_bytes(rows).decode().splitlines()
    assert lines[1] == "'=1+1,-3"
    assert lines[2] == "'=CMD|' /C calc'!A0,-3"
    assert lines[4:7] == ["'+1,-3", "'-2+3,-3", "'@SUM(A1),-3"]
    assert lines[-1] == "Algae AB,4"


def test_xlsx_writes_text_as_strings_never_formulas():
    content = xlsx_bytes([{"text": value} for value in HOSTILE], sheet="SMEs")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    values = [row[0].value for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2)]
    assert values[:-1] == HOSTILE[:-1]  # XML stores a carriage return as a newline
    assert values[-1] == "\n=1"


def test_sme_directory_exports_a_hostile_company_name_as_text(client):
    company("=1+1", city="=CMD|' /C calc'!A0", figures_public=True, contact_public=True)
    client.force_login(person("facilitator", org_kind="partner"))
    csv_text = client.get(reverse("smes:export", args=["csv"])).content.decode()
    assert "'=1+1" in csv_text.splitlines()[1]
    assert ",=" not in csv_text and not csv_text.splitlines()[1].startswith("=")
    response = client.get(reverse("smes:export", args=["xlsx"]))
    content = b"".join(response.streaming_content)
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    names = [row[0].value for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2)]
    assert names == ["=1+1"]
