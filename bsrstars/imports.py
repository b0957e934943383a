"""Shared plumbing for all-or-nothing imports of CSV/XLSX files (pandas): read the file with
clear errors, keep the parsed rows and the row-by-row report on a batch row, then commit
everything in one transaction or nothing. Each app defines its columns, row check and commit.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# Files of more rows are checked and imported by a worker while the page shows progress; smaller
# ones in the request, where they take well under a second.
INLINE_ROWS = 200
# What a legitimate 5,000-row XLSX unpacks to, with room to spare; more is a zip bomb or too many rows.
MAX_UNPACKED_BYTES = 25 * 1024 * 1024


class ImportFileError(ValidationError):
    """The file as a whole cannot be read; the message says why."""


class ImportStatus(models.TextChoices):
    CHECKING = "checking", gettext_lazy("Being checked")
    PREVIEWED = "previewed", gettext_lazy("Checked, not imported")
    IMPORTED = "imported", gettext_lazy("Imported")
    FAILED = "failed", gettext_lazy("Refused: the file has errors")


class ImportBatch(models.Model):
    """Abstract: one uploaded file, checked first (dry run), imported all-or-nothing on confirm."""

    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # the parsed rows, as strings, exactly as checked
    report = models.JSONField(default=list)  # [{"row": n, "name": ..., "status": ..., "errors": [...]}]
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    def count(self, status: str) -> int:
        return sum(1 for row in self.report if row["status"] == status)

    @property
    def error_count(self) -> int:
        return self.count("error")

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0


def read_table(uploaded, *, required: list[str], optional: list[str] = ()) -> list[dict]:
    """Rows of an uploaded CSV (UTF-8) or XLSX file as dicts of stripped strings.

    Raises ImportFileError for a wrong type, an unreadable or oversized file, missing columns,
    no rows or too many rows. Oversized files are refused before they are parsed: first the
    upload's size, then (XLSX) the size it unpacks to, then the rows while they stream in, so
    no upload holds a web worker for long.
    """
    import pandas as pd

    name = (uploaded.name or "").lower()
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB. Split it into smaller files."))
    if not name.endswith((".csv", ".xlsx")):
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    try:
        if name.endswith(".csv"):
            frame = pd.read_csv(uploaded, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=MAX_ROWS + 1)
        else:
            frame = _read_xlsx(uploaded)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 -- any parser failure means the same thing to the person uploading
        raise ImportFileError(_("This file could not be read as CSV (UTF-8) or XLSX.")) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportFileError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(frame) > MAX_ROWS:
        raise _too_many_rows()
    if frame.empty:
        raise ImportFileError(_("The file has no rows."))
    present = [c for c in [*required, *optional] if c in frame.columns]
    return [{c: str(row[c]).strip() for c in present} for row in frame.to_dict("records")]


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS})


def _read_xlsx(uploaded):
    """The first sheet as a frame of strings, streamed (openpyxl read-only) and cut off early."""
    import zipfile

    import pandas as pd
    from openpyxl import load_workbook

    with zipfile.ZipFile(uploaded) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _too_many_rows()
    uploaded.seek(0)
    workbook = load_workbook(uploaded, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_cell_text(v) for v in next(rows, ())]
        data = []
        for row in rows:
            cells = [_cell_text(v) for v in row[: len(header)]]
            if not any(cells):
                continue
            data.append(cells + [""] * (len(header) - len(cells)))
            if len(data) > MAX_ROWS:
                raise _too_many_rows()
    finally:
        workbook.close()
    return pd.DataFrame(data, columns=header, dtype=str)


def _cell_text(value) -> str:
    """A cell as the text a person typed: 12 not 12.0, a date as YYYY-MM-DD, empty for none."""
    import datetime

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_number(value: str, label: str, errors: list, *, integer=False, allow_negative=False):
    """A Decimal (or int) from a cell, or None with a message appended to `errors`."""
    try:
        number = Decimal(value.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        errors.append(_("%(field)s is not a number: “%(value)s”.") % {"field": label, "value": value})
        return None
    if not number.is_finite():
        errors.append(_("%(field)s is not a number: “%(value)s”.") % {"field": label, "value": value})
        return None
    if number < 0 and not allow_negative:
        errors.append(_("%(field)s cannot be negative.") % {"field": label})
        return None
    if integer and number != number.to_integral_value():
        errors.append(_("%(field)s must be a whole number.") % {"field": label})
        return None
    return int(number) if integer else number


def own_batch(model, pk, user):
    """The batch `pk` if `user` uploaded it (programme admins see all); 404 otherwise, so other
    people's uploads are not even confirmed to exist."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    batch = get_object_or_404(model, pk=pk)
    if batch.uploaded_by_id != user.pk and not user.has_perm("accounts.manage_roles"):
        raise Http404
    return batch
