"""One way to hand a table to people as a download: CSV (UTF-8) or XLSX.

Every export is safe to open in a spreadsheet: a text cell that a spreadsheet would read as a
formula (it starts with = + - @, a tab or a carriage return) is prefixed with an apostrophe in
CSV, and every text cell is written as a string, never a formula, in XLSX (OWASP "CSV injection").

The writers take any iterable of dicts and write row by row (XLSX through openpyxl's write-only
mode), so a worker can stream a large export to a file with bounded memory
(bsrstars.downloads); small exports use the same writers in the request (`table_response`).
"""

import csv
import io
from collections.abc import Callable, Iterable

from django.http import FileResponse, Http404, HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PROGRESS_EVERY = 1000  # rows between two progress reports


def neutralise(value):
    """`value` as a spreadsheet shows it literally: text that would start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _counted(rows: Iterable[dict], progress: Callable[[int], None] | None):
    done = 0
    for done, row in enumerate(rows, start=1):  # noqa: B007 -- `done` is the count after the loop
        yield row
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def write_csv(rows: Iterable[dict], out, *, progress=None) -> None:
    """Write `rows` to the binary file `out` as UTF-8 CSV, a header from the first row's keys."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = None
    for row in _counted(rows, progress):
        if writer is None:
            writer = csv.DictWriter(text, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    text.flush()
    text.detach()  # leave `out` open for the caller


def write_xlsx(rows: Iterable[dict], out, *, sheet: str = "Data", progress=None) -> None:
    """Write `rows` to the binary file `out` as one XLSX sheet, row by row (write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])

    def cell(value):
        if isinstance(value, str) and value.startswith("="):  # openpyxl would store it as a formula
            text = WriteOnlyCell(worksheet, value=value)
            text.data_type = "s"
            return text
        return value

    header = None
    for row in _counted(rows, progress):
        if header is None:
            header = list(row)
            worksheet.append([cell(key) for key in header])
        worksheet.append([cell(value) for value in row.values()])
    workbook.save(out)


def write_table(rows: Iterable[dict], out, *, fmt: str, sheet: str = "Data", progress=None) -> None:
    if fmt == "csv":
        write_csv(rows, out, progress=progress)
    elif fmt == "xlsx":
        write_xlsx(rows, out, sheet=sheet, progress=progress)
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def csv_bytes(rows: Iterable[dict]) -> bytes:
    buffer = io.BytesIO()
    write_csv(rows, buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: Iterable[dict], *, sheet: str = "Data") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, sheet=sheet)
    return buffer.getvalue()


def table_response(rows: Iterable[dict], *, fmt: str, filename: str, sheet: str = "Data"):
    """A download of `rows` as `filename`.csv or `filename`.xlsx; 404 for any other format."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            io.BytesIO(xlsx_bytes(rows, sheet=sheet)),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=CONTENT_TYPES["xlsx"],
        )
    raise Http404
