"""Bulk import of companies from CSV or XLSX (pandas): check every row first (dry run), then
import all of them in one transaction, or none. Existing business IDs are matched, not duplicated.

The file format is documented by smes/data/company_import_sample.csv.
"""

import contextlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.accounts.business_ids import canonical_business_id, canonical_vat_number
from bsrstars.accounts.models import Organisation
from bsrstars.imports import INLINE_ROWS, ImportStatus, parse_number, read_table
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from regions.models import Region, S3Domain
from regions.nace import normalise_nace

from . import services
from .models import FOUNDING_YEAR_VALIDATORS, CompanyImport, CompanyImportJob, SMEProfile
from .sizing import classify

REQUIRED = [
    "name",
    "country",
    "business_id",
    "region",
    "city",
    "nace_code",
    "employees",
    "annual_turnover_eur",
    "balance_sheet_total_eur",
    "founding_year",
    "description",
    "contact_name",
    "contact_email",
]
PROGRESS_EVERY = 50  # rows between two progress reports of a background job
OPTIONAL = ["vat_number", "website", "address", "postal_code", "s3_domains", "offers", "needs", "contact_phone"]
COLUMNS = REQUIRED + OPTIONAL


class _Lookups:
    """Reference data loaded once per import (two queries), not once per row."""

    def __init__(self):
        self.regions = {r.code: r for r in Region.objects.filter(level=3)}
        self.domains = {d.code: d for d in S3Domain.objects.all()}


def _plausible_founding_year(year: int) -> bool:
    try:
        for validator in FOUNDING_YEAR_VALIDATORS:
            validator(year)
    except ValidationError:
        return False
    return True


def check_row(row: dict, lookups: _Lookups, seen_ids: set) -> tuple[dict | None, list[str], str]:
    """(cleaned data or None, errors, status 'new'/'existing'/'error') for one row."""
    errors: list[str] = []
    for column in REQUIRED:
        if not row.get(column):
            errors.append(_("%(column)s is empty.") % {"column": column})
    if errors:
        return None, errors, "error"
    country = row["country"].upper()
    try:
        business_id = canonical_business_id(country, row["business_id"])
    except ValidationError as exc:
        errors.extend(exc.messages)
        business_id = ""
    region = lookups.regions.get(row["region"].upper())
    if region is None:
        errors.append(_("Unknown NUTS 3 region code “%(code)s”.") % {"code": row["region"]})
    elif region.country != country:
        errors.append(_("Region %(region)s is not in %(country)s.") % {"region": region.code, "country": country})
    if business_id and (country, business_id) in seen_ids:
        errors.append(_("This business ID appears twice in the file."))
    seen_ids.add((country, business_id))
    try:
        vat_number = canonical_vat_number(country, row.get("vat_number", ""))
    except ValidationError as exc:
        errors.extend(exc.messages)
        vat_number = ""
    try:
        nace_code, _section = normalise_nace(row["nace_code"])
    except ValidationError as exc:
        errors.extend(exc.messages)
        nace_code = ""
    employees = parse_number(row["employees"], "employees", errors, integer=True)
    turnover = parse_number(row["annual_turnover_eur"], "annual_turnover_eur", errors)
    balance = parse_number(row["balance_sheet_total_eur"], "balance_sheet_total_eur", errors)
    year = parse_number(row["founding_year"], "founding_year", errors, integer=True)
    if year is not None and not _plausible_founding_year(year):
        errors.append(_("founding_year %(year)s is not plausible.") % {"year": year})
    domain_codes = [c.strip().upper() for c in row.get("s3_domains", "").replace(",", ";").split(";") if c.strip()]
    unknown = [c for c in domain_codes if c not in lookups.domains]
    if unknown:
        errors.append(_("Unknown S3 domain codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if errors:
        return None, errors, "error"
    data = {
        "name": row["name"],
        "country": country,
        "business_id": business_id,
        "region": region,
        "website": row.get("website", ""),
        "profile": {
            "vat_number": vat_number,
            "address": row.get("address", ""),
            "postal_code": row.get("postal_code", ""),
            "city": row["city"],
            "nace_code": nace_code,
            "employees": employees,
            "annual_turnover_eur": turnover,
            "balance_sheet_total_eur": balance,
            "founding_year": year,
            "description": row["description"],
            "offers": row.get("offers", ""),
            "needs": row.get("needs", ""),
            "contact_name": row["contact_name"],
            "contact_email": row["contact_email"],
            "contact_phone": row.get("contact_phone", ""),
            "s3_domains": [lookups.domains[c] for c in domain_codes],
        },
    }
    # Model-level checks (lengths, email format, absurd numbers) without saving anything.
    probe = SMEProfile(**{k: v for k, v in data["profile"].items() if k != "s3_domains"})
    probe.nace_section = "C"
    probe.size_class = classify(employees, turnover, balance)
    try:
        probe.full_clean(exclude=["organisation"])
        Organisation(
            name=data["name"],
            kind="sme",
            country=country,
            region=region,
            business_id=business_id,
            website=data["website"],
        ).full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return None, services.validation_messages(exc), "error"
    return data, [], "new"


def check_rows(rows: list[dict], progress=None) -> tuple[list[dict], list[dict]]:
    """(report, cleaned rows to create). Existing companies are reported, not created.
    `progress(done)` is called every PROGRESS_EVERY rows when given."""
    lookups = _Lookups()
    seen: set = set()
    cleaned, report = [], []
    existing_ids = set(Organisation.objects.exclude(business_id="").values_list("country", "business_id"))
    names = _registered_names()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if progress and (number - 2) % PROGRESS_EVERY == 0:
            progress(number - 2)
        data, errors, status = check_row(row, lookups, seen)
        warnings = []
        if status == "new" and (data["country"], data["business_id"]) in existing_ids:
            status = "existing"
        elif status == "new" and (data["country"], _name_key(data["name"])) in names:
            other = names[(data["country"], _name_key(data["name"]))]
            warnings.append(
                _(
                    "A company named “%(name)s” is already registered in %(country)s with business ID %(id)s: "
                    "check that this row is not the same company under another ID."
                )
                % {"name": other[0], "country": data["country"], "id": other[1] or "—"}
            )
        report.append(
            {
                "row": number,
                "name": row.get("name", ""),
                "status": status,
                "errors": [str(e) for e in errors],
                "warnings": warnings,
            }
        )
        if status == "new":
            cleaned.append(data)
    return report, cleaned


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _registered_names() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, normalised name) -> (name, business ID) of every registered company: one query."""
    rows = Organisation.objects.filter(kind="sme").values_list("country", "name", "business_id")
    return {(str(country), _name_key(name)): (name, business_id) for country, name, business_id in rows}


@transaction.atomic
def preview_import(*, uploaded, uploaded_by) -> CompanyImport:
    """Read the file and check every row; store it with its row-by-row report. Imports nothing.

    A file of more than INLINE_ROWS rows is stored as `checking` and checked by a worker
    (side effect: a job enqueued on commit); the preview page shows its progress.
    """
    rows = read_table(uploaded, required=REQUIRED, optional=OPTIONAL)
    batch = CompanyImport(uploaded_by=uploaded_by, filename=uploaded.name[:200], rows=rows)
    if len(rows) > INLINE_ROWS:
        batch.status = ImportStatus.CHECKING
        batch.save()
        outbox.enqueue_on_commit(CompanyImportJob.objects.create(batch=batch, phase=CompanyImportJob.Phase.CHECK))
        return batch
    _store_report(batch, check_rows(rows)[0])
    return batch


def _store_report(batch: CompanyImport, report: list[dict]) -> None:
    batch.report = report
    batch.status = ImportStatus.FAILED if any(r["status"] == "error" for r in report) else ImportStatus.PREVIEWED
    batch.save()


def runs_in_background(batch: CompanyImport) -> bool:
    return len(batch.rows) > INLINE_ROWS


@transaction.atomic
def request_import(*, batch: CompanyImport) -> CompanyImportJob:
    """Import a large checked file in a worker (side effect: the job is enqueued on commit).
    Asking twice gives the same job: the file is imported once."""
    job, created = CompanyImportJob.objects.get_or_create(batch=batch, phase=CompanyImportJob.Phase.IMPORT)
    if created:
        outbox.enqueue_on_commit(job)
    return job


def active_job(batch: CompanyImport) -> CompanyImportJob | None:
    return batch.jobs.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.RUNNING]).first()


def _progress_key(job_pk: int) -> str:
    return f"smes-import-progress-{job_pk}"


def progress_percent(job: CompanyImportJob) -> int:
    """How far the worker is, 0–100 (the task reports it through the cache: the import itself
    runs in one transaction, whose writes nobody sees before it commits)."""
    done = cache.get(_progress_key(job.pk), 0)
    batch = job.batch
    total = len(batch.rows) if job.phase == CompanyImportJob.Phase.CHECK else batch.new_count
    return min(100, round(100 * done / max(total, 1)))


def run_job(*, job_id: int) -> str:
    """The task's work: check or import the job's file. Idempotent by the claim."""
    job = outbox.claim(CompanyImportJob, job_id)
    if job is None:
        return "skipped"

    def progress(done: int) -> None:
        cache.set(_progress_key(job.pk), done, timeout=3600)

    try:
        batch = CompanyImport.objects.get(pk=job.batch_id)
        if job.phase == CompanyImportJob.Phase.CHECK:
            _store_report(batch, check_rows(batch.rows, progress=progress)[0])
        else:
            # A refusal is a result for the person (the batch holds the new report), not a failure.
            with contextlib.suppress(ImportRefused):
                commit_import(batch=batch, progress=progress)
    except Exception as exc:
        outbox.fail(job, error=repr(exc))
        raise
    outbox.finish(job)
    cache.delete(_progress_key(job.pk))
    return job.status


class ImportRefused(Exception):
    def __init__(self, batch: CompanyImport):
        super().__init__(batch.filename)
        self.batch = batch


class _RowErrors(Exception):
    def __init__(self, report):
        super().__init__("rows with errors")
        self.report = report


def commit_import(*, batch: CompanyImport, progress=None) -> CompanyImport:
    """Import every new company of a checked file, or none: the rows are checked again (the
    register may have changed since the preview) and any error rolls everything back.

    Raises ImportRefused (with the batch and its new report) when nothing was imported.
    """
    try:
        with transaction.atomic():
            locked = CompanyImport.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportStatus.PREVIEWED:
                raise ImportRefused(locked)
            report, cleaned = check_rows(locked.rows)
            if any(r["status"] == "error" for r in report):
                raise _RowErrors(report)
            for done, data in enumerate(cleaned):
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done)
                services.register_company(
                    name=data["name"],
                    country=data["country"],
                    business_id=data["business_id"],
                    region=data["region"],
                    website=data["website"],
                    profile=data["profile"],
                    registered_by=None,
                )
            locked.report, locked.status, locked.imported_at = report, ImportStatus.IMPORTED, timezone.now()
            locked.save(update_fields=["report", "status", "imported_at"])
            return locked
    except _RowErrors as exc:
        report = exc.report
    except services.DuplicateCompany as exc:  # registered by someone else between check and import
        report = [
            *batch.report,
            {
                "row": None,
                "name": exc.organisation.name,
                "status": "error",
                "errors": [services.duplicate_message(exc.organisation)],
            },
        ]
    CompanyImport.objects.filter(pk=batch.pk).update(report=report, status=ImportStatus.FAILED)
    batch.refresh_from_db()
    raise ImportRefused(batch)
