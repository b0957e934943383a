"""One way to hand a table to people as a download: CSV (UTF-8) or XLSX, built with pandas.

Every export is safe to open in a spreadsheet: a text cell that a spreadsheet would read as a
formula (it starts with = + - @, a tab or a carriage return) is prefixed with an apostrophe in
CSV, and every text cell is written as a string, never a formula, in XLSX (OWASP "CSV injection").
"""

import io

from django.http import FileResponse, Http404, HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` as a spreadsheet shows it literally: text that would start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(rows, columns=list(rows[0]) if rows else None)


def csv_bytes(rows: list[dict]) -> bytes:
    frame = _frame(rows)
    return frame.map(neutralise).to_csv(index=False).encode("utf-8")


def xlsx_bytes(rows: list[dict], *, sheet: str = "Data") -> bytes:
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _frame(rows).to_excel(writer, index=False, sheet_name=sheet[:31])
        for worksheet in writer.sheets.values():
            for row in worksheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # openpyxl reads any text starting with = as a formula
                        cell.data_type = "s"
    return buffer.getvalue()


def table_response(rows: list[dict], *, fmt: str, filename: str, sheet: str = "Data"):
    """A download of `rows` as `filename`.csv or `filename`.xlsx; 404 for any other format."""
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(
            io.BytesIO(xlsx_bytes(rows, sheet=sheet)),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404
