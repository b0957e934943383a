"""One way to hand a table to people as a download: CSV (UTF-8) or XLSX, built with pandas."""

import io

from django.http import FileResponse, Http404, HttpResponse


def table_response(rows: list[dict], *, fmt: str, filename: str, sheet: str = "Data"):
    """A download of `rows` as `filename`.csv or `filename`.xlsx; 404 for any other format."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(rows[0]) if rows else None)
    if fmt == "csv":
        response = HttpResponse(frame.to_csv(index=False), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if fmt == "xlsx":
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, sheet_name=sheet[:31], engine="openpyxl")
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404
