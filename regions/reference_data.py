"""Load the NUTS 2021 regions and the S3 taxonomy from the CSV files in regions/data/.

Used by the data migration (with historical models) and by `manage.py load_reference_data`
when the files change. Idempotent: rows are matched by code. Partner flags are only set on
first load, because afterwards they are an admin's decision.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def load_regions(Region, *, set_partners: bool) -> int:
    by_code = {}
    for row in _rows("nuts2021.csv"):
        region, _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "level": int(row["level"]),
                "name": row["name"],
                "country": row["country"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
            },
        )
        by_code[region.code] = region
    if set_partners:
        codes = [row["code"] for row in _rows("partner_regions.csv")]
        Region.objects.filter(code__in=codes).update(is_partner=True)
    return len(by_code)


def load_s3_domains(S3Domain) -> int:
    by_code = {}
    for row in _rows("s3_domains.csv"):
        domain, _ = S3Domain.objects.update_or_create(
            code=row["code"],
            defaults={
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
                "name": row["name"],
                "description": row["description"],
                "nace_codes": [c for c in row["nace_codes"].split(";") if c],
            },
        )
        by_code[domain.code] = domain
    return len(by_code)


def load_statistic_indicators(StatisticIndicator) -> int:
    count = 0
    for row in _rows("statistic_indicators.csv"):
        StatisticIndicator.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "unit": row["unit"],
                "source": row["source"],
                "description": row["description"],
            },
        )
        count += 1
    return count


def load_kpi_definitions(KPIDefinition) -> int:
    """The programme's indicators and targets. Existing rows are left as admins edited them."""
    count = 0
    for position, row in enumerate(_rows("kpi_definitions.csv")):
        KPIDefinition.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "unit": row["unit"],
                "kind": row["kind"],
                "provider_code": row["provider_code"],
                "baseline": row["baseline"] or 0,
                "milestone": row["milestone"] or None,
                "milestone_date": row["milestone_date"] or None,
                "target": row["target"] or None,
                "target_date": row["target_date"] or None,
                "description": row["description"],
                "position": position,
            },
        )
        count += 1
    return count
