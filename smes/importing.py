"""Bulk import of companies from CSV or XLSX (pandas): check every row first (dry run), then
import all of them in one transaction, or none. Existing business IDs are matched, not duplicated.

The file format is documented by smes/data/company_import_sample.csv.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars.accounts.business_ids import canonical_business_id, canonical_vat_number
from bsrstars.accounts.models import Organisation
from bsrstars.imports import ImportStatus, parse_number, read_table
from regions.models import Region, S3Domain
from regions.nace import normalise_nace

from . import services
from .models import FOUNDING_YEAR_VALIDATORS, CompanyImport, SMEProfile
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


def check_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(report, cleaned rows to create). Existing companies are reported, not created."""
    lookups = _Lookups()
    seen: set = set()
    cleaned, report = [], []
    existing_ids = set(Organisation.objects.exclude(business_id="").values_list("country", "business_id"))
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        data, errors, status = check_row(row, lookups, seen)
        if status == "new" and (data["country"], data["business_id"]) in existing_ids:
            status = "existing"
        report.append(
            {"row": number, "name": row.get("name", ""), "status": status, "errors": [str(e) for e in errors]}
        )
        if status == "new":
            cleaned.append(data)
    return report, cleaned


@transaction.atomic
def preview_import(*, uploaded, uploaded_by) -> CompanyImport:
    """Read and check the file; store it with its row-by-row report. Imports nothing."""
    rows = read_table(uploaded, required=REQUIRED, optional=OPTIONAL)
    report, _cleaned = check_rows(rows)
    return CompanyImport.objects.create(
        uploaded_by=uploaded_by,
        filename=uploaded.name[:200],
        rows=rows,
        report=report,
        status=ImportStatus.FAILED if any(r["status"] == "error" for r in report) else ImportStatus.PREVIEWED,
    )


class ImportRefused(Exception):
    def __init__(self, batch: CompanyImport):
        super().__init__(batch.filename)
        self.batch = batch


class _RowErrors(Exception):
    def __init__(self, report):
        super().__init__("rows with errors")
        self.report = report


def commit_import(*, batch: CompanyImport) -> CompanyImport:
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
            for data in cleaned:
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
