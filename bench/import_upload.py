"""How long an oversized upload holds a web worker: the 148 KB XLSX of 200,000 rows from issue 9
and a legitimate 5,000-row company file, through bsrstars.imports.read_table.

    .venv/bin/python bench/import_upload.py
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bsrstars.settings.test")


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bsrstars.imports import ImportFileError, read_table

    header = ["name", "country", "business_id", "employees"]
    cases = {
        "200,000 rows (refused)": _xlsx([header, *([1] for _ in range(200_000))]),
        "5,000 rows (accepted)": _xlsx([header, *([f"Algae {i} AB", "SE", "5560360793", 12] for i in range(5_000))]),
    }
    print(f"{'file':<26} {'size':>9} {'seconds':>8} {'max RSS MB':>11}  result")
    for label, content in cases.items():
        started = time.perf_counter()
        try:
            rows = read_table(SimpleUploadedFile("c.xlsx", content), required=header)
            result = f"{len(rows)} rows"
        except ImportFileError as exc:
            result = exc.messages[0]
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{label:<26} {len(content) / 1024:>7.0f}KB {seconds:>8.2f} {rss:>11.0f}  {result}")


if __name__ == "__main__":
    main()
