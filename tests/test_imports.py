"""Uploads are refused early when they are too big, so no upload holds a web worker for long."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bsrstars.imports import MAX_ROWS, ImportFileError, read_table


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("companies.xlsx", buffer.getvalue())


def test_xlsx_with_more_rows_than_allowed_is_refused_though_the_file_is_small():
    upload = _xlsx([["name", "city"], *(["Algae AB", "Lund"] for _ in range(MAX_ROWS * 4))])
    assert upload.size < 2 * 1024 * 1024
    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows"):
        read_table(upload, required=["name"])


def test_xlsx_rows_are_streamed_and_reading_stops_past_the_limit(monkeypatch):
    from bsrstars import imports

    cells = []
    real = imports._cell_text
    monkeypatch.setattr(imports, "_cell_text", lambda value: cells.append(value) or real(value))
    upload = _xlsx([["name", "city"], *(["Algae AB", "Lund"] for _ in range(MAX_ROWS * 4))])
    with pytest.raises(ImportFileError):
        read_table(upload, required=["name"])
    assert len(cells) <= (MAX_ROWS + 2) * 2  # the header and one row past the limit, not all 20,000


def test_xlsx_that_unpacks_to_a_huge_sheet_is_refused_before_parsing():
    upload = _xlsx([["name"], *(["x" * 32_000] for _ in range(1000))])  # 32 MB of text, well under 5,000 rows
    assert upload.size < 2 * 1024 * 1024
    with pytest.raises(ImportFileError, match="Split it into smaller files"):
        read_table(upload, required=["name"])


def test_xlsx_cells_read_as_the_text_people_typed():
    from datetime import datetime

    upload = _xlsx(
        [["Name", "employees", "turnover", "founded"], ["Algae AB", 12, 1500000.0, datetime(2015, 3, 1)], []]
    )
    assert read_table(upload, required=["name", "employees"], optional=["turnover", "founded"]) == [
        {"name": "Algae AB", "employees": "12", "turnover": "1500000", "founded": "2015-03-01"}
    ]


def test_csv_with_more_rows_than_allowed_is_refused():
    content = "name\n" + "Algae AB\n" * (MAX_ROWS + 1)
    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS} rows"):
        read_table(SimpleUploadedFile("c.csv", content.encode()), required=["name"])
