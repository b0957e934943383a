"""Writes for regions: profiles (with their history), statistics import, KPI snapshots,
policy-learning participation."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bsrstars import kpis
from bsrstars.imports import ImportStatus, parse_number, read_table

from .models import (
    KPIDefinition,
    KPISnapshot,
    PolicyLearningActivity,
    ProfileRevision,
    Region,
    RegionalStatistic,
    RegionContact,
    RegionProfile,
    S3Priority,
    StatisticIndicator,
    StatisticsImport,
)
from .nace import canonical_nace


def profile_snapshot(profile: RegionProfile | None) -> dict:
    """The profile as plain data: what a revision stores and what diffs compare."""
    if profile is None:
        return {"summary": "", "strategy_url": "", "needs": [], "priorities": [], "contacts": []}
    return {
        "summary": profile.summary,
        "strategy_url": profile.strategy_url,
        "needs": sorted(d.code for d in profile.needs.all()),
        "priorities": [
            {
                "title": p.title,
                "description": p.description,
                "strength": p.strength,
                "domains": sorted(d.code for d in p.domains.all()),
                "nace_codes": list(p.nace_codes),
                "strategy_url": p.strategy_url,
            }
            for p in profile.priorities.all()
        ],
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in profile.contacts.all()
        ],
    }


def profile_changes(before: dict, after: dict) -> list[dict]:
    """Structured changes between two snapshots (rendered, translated, by the history page)."""
    changes = []
    for key in ("summary", "strategy_url", "needs"):
        if before[key] != after[key]:
            changes.append({"what": key, "old": before[key], "new": after[key]})
    old = {p["title"]: p for p in before["priorities"]}
    new = {p["title"]: p for p in after["priorities"]}
    for title in new.keys() - old.keys():
        changes.append({"what": "priority_added", "title": title, "new": new[title]["strength"]})
    for title in old.keys() - new.keys():
        changes.append({"what": "priority_removed", "title": title})
    for title in sorted(old.keys() & new.keys()):
        for key in ("strength", "domains", "nace_codes", "description", "strategy_url"):
            if old[title][key] != new[title][key]:
                changes.append(
                    {
                        "what": "priority_changed",
                        "title": title,
                        "field": key,
                        "old": old[title][key],
                        "new": new[title][key],
                    }
                )
    if before["contacts"] != after["contacts"]:
        changes.append(
            {
                "what": "contacts",
                "old": [c["name"] for c in before["contacts"]],
                "new": [c["name"] for c in after["contacts"]],
            }
        )
    return sorted(changes, key=lambda c: (c["what"], c.get("title", "")))


def clean_nace_list(value: str | list[str]) -> list[str]:
    """Canonical codes ("C10", "M72.1") in the order given, each once, from a list or "C10, 72.1"."""
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    codes = [canonical_nace(c) for c in value if c.strip()]
    return list(dict.fromkeys(codes))


@transaction.atomic
def save_profile(
    *, region: Region, changed_by, summary: str, strategy_url: str, needs, priorities: list[dict], contacts: list[dict]
) -> ProfileRevision | None:
    """Replace the region's profile with the given content. Side effect: a revision recording who
    changed what (none when nothing changed). Strengths outside 1–5 are refused."""
    profile, _created = RegionProfile.objects.select_for_update().get_or_create(region=region)
    before = profile_snapshot(profile)
    profile.summary, profile.strategy_url = summary, strategy_url
    profile.full_clean()
    profile.save()
    profile.needs.set(needs)
    profile.priorities.all().delete()
    for position, data in enumerate(priorities):
        priority = S3Priority(
            profile=profile,
            position=position,
            title=data["title"],
            description=data.get("description", ""),
            strength=data["strength"],
            nace_codes=clean_nace_list(data.get("nace_codes", [])),
            strategy_url=data.get("strategy_url", ""),
        )
        if not 1 <= int(priority.strength or 0) <= 5:
            raise ValidationError({"strength": _("Strength is 1 (emerging) to 5 (leading).")})
        priority.full_clean(exclude=["profile"])
        priority.save()
        priority.domains.set(data["domains"])
    profile.contacts.all().delete()
    for data in contacts:
        contact = RegionContact(profile=profile, **data)
        contact.full_clean(exclude=["profile"])
        contact.save()
    after = profile_snapshot(profile)
    changes = profile_changes(before, after)
    if not changes:
        return None
    return ProfileRevision.objects.create(region=region, changed_by=changed_by, changes=changes, snapshot=after)


# --- statistics import ---------------------------------------------------------------------------

STAT_REQUIRED = ["region", "indicator", "year", "value"]
STAT_OPTIONAL = ["source"]


def _check_statistics(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    regions = {r.code: r for r in Region.objects.all()}
    indicators = {i.code: i for i in StatisticIndicator.objects.all()}
    existing = set(RegionalStatistic.objects.values_list("region__code", "indicator__code", "year"))
    seen: set = set()
    report, cleaned = [], []
    for number, row in enumerate(rows, start=2):
        errors: list[str] = []
        region = regions.get(row["region"].upper())
        if region is None:
            errors.append(_("Unknown region code “%(code)s”.") % {"code": row["region"]})
        indicator = indicators.get(row["indicator"].lower())
        if indicator is None:
            errors.append(_("Unknown indicator “%(code)s”.") % {"code": row["indicator"]})
        year = parse_number(row["year"], "year", errors, integer=True)
        if year is not None and not 1990 <= year <= 2100:
            errors.append(_("year %(year)s is outside 1990–2100.") % {"year": year})
        value = parse_number(row["value"], "value", errors, allow_negative=True)
        key = (row["region"].upper(), row["indicator"].lower(), year)
        if key in seen:
            errors.append(_("The same region, indicator and year appear twice in the file."))
        seen.add(key)
        status = "error" if errors else ("update" if key in existing else "new")
        report.append({"row": number, "name": " ".join(str(k) for k in key), "status": status, "errors": errors})
        if not errors:
            cleaned.append(
                {
                    "region": region,
                    "indicator": indicator,
                    "year": year,
                    "value": value,
                    "source": row.get("source", "")[:200],
                }
            )
    return report, cleaned


@transaction.atomic
def preview_statistics_import(*, uploaded, uploaded_by) -> StatisticsImport:
    """Read and check the file; store the rows and the report. Changes no statistic."""
    rows = read_table(uploaded, required=STAT_REQUIRED, optional=STAT_OPTIONAL)
    report, _cleaned = _check_statistics(rows)
    return StatisticsImport.objects.create(
        uploaded_by=uploaded_by,
        filename=uploaded.name[:200],
        rows=rows,
        report=report,
        status=ImportStatus.FAILED if any(r["status"] == "error" for r in report) else ImportStatus.PREVIEWED,
    )


class StatisticsImportRefused(Exception):
    def __init__(self, batch):
        super().__init__(batch.filename)
        self.batch = batch


def _write_statistics(cleaned: list[dict]) -> None:
    """New values inserted and changed ones updated in bulk: a few queries for 5,000 rows, so
    even the largest allowed file is written within the request."""
    existing = {
        (s.region_id, s.indicator_id, s.year): s
        for s in RegionalStatistic.objects.filter(
            region__in={r["region"] for r in cleaned}, indicator__in={r["indicator"] for r in cleaned}
        )
    }
    new, changed = [], []
    for row in cleaned:
        statistic = existing.get((row["region"].pk, row["indicator"].pk, row["year"]))
        if statistic is None:
            new.append(RegionalStatistic(**row))
        else:
            statistic.value, statistic.source = row["value"], row["source"]
            changed.append(statistic)
    RegionalStatistic.objects.bulk_create(new, batch_size=1000)
    RegionalStatistic.objects.bulk_update(changed, ["value", "source"], batch_size=1000)


def commit_statistics_import(*, batch: StatisticsImport) -> StatisticsImport:
    """Write every row (new or updated value) or none: rows are checked again first."""
    with transaction.atomic():
        locked = StatisticsImport.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEWED:
            raise StatisticsImportRefused(locked)
        report, cleaned = _check_statistics(locked.rows)
        if not any(r["status"] == "error" for r in report):
            _write_statistics(cleaned)
            locked.report, locked.status, locked.imported_at = report, ImportStatus.IMPORTED, timezone.now()
            locked.save(update_fields=["report", "status", "imported_at"])
            return locked
    StatisticsImport.objects.filter(pk=batch.pk).update(report=report, status=ImportStatus.FAILED)
    batch.refresh_from_db()
    raise StatisticsImportRefused(batch)


# --- KPI snapshots -------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    first = month_start(day)
    return first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(month=first.month - 1)


def refresh_kpis() -> int:
    """Compute ahead the current values pages show: the whole programme (the dashboard and
    /api/v1/kpis/) and each partner region's totals (its page). Returns how many were refreshed."""
    periods = [kpis.Period()] + [
        kpis.Period(region=code, totals_only=True)
        for code in Region.objects.filter(is_partner=True).values_list("code", flat=True)
    ]
    for period in periods:
        kpis.registry.refresh(period)
    return len(periods)


def take_kpi_snapshots(*, month: date | None = None) -> int:
    """Store each measured KPI's cumulative value at the end of `month` (default: the month just
    ended). Idempotent: a month already stored is left as it was reported. Returns rows created."""
    month = month_start(month or previous_month(timezone.localdate()))
    next_month = (
        month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
    )
    created = 0
    for definition in KPIDefinition.objects.exclude(provider_code=""):
        if kpis.registry.get(definition.provider_code) is None:
            continue  # not yet measured: nothing to report
        if KPISnapshot.objects.filter(definition=definition, month=month).exists():
            continue
        value = kpis.registry.compute(definition.provider_code, kpis.Period(end=next_month))
        _snapshot, made = KPISnapshot.objects.get_or_create(
            definition=definition,
            month=month,
            defaults={
                "value": value.total,
                # JSON holds no Decimal (amounts in EUR): breakdowns are stored as plain numbers.
                "by_region": {k: float(v) for k, v in value.by_region.items()},
                "by_country": {k: float(v) for k, v in value.by_country.items()},
            },
        )
        created += made
    return created


# --- policy learning -----------------------------------------------------------------------------


@transaction.atomic
def record_policy_learning(
    *, title: str, kind: str, day: date, host_region, description: str, participants, created_by
) -> PolicyLearningActivity:
    """An activity and the authorities that took part (only regional and national authorities)."""
    wrong = [o.name for o in participants if o.kind not in ("regional_authority", "national_authority")]
    if wrong:
        raise ValidationError(
            {"participants": _("Only authorities take part: %(names)s.") % {"names": ", ".join(wrong)}}
        )
    activity = PolicyLearningActivity(
        title=title, kind=kind, date=day, host_region=host_region, description=description, created_by=created_by
    )
    activity.full_clean()
    activity.save()
    activity.participants.set(participants)
    return activity
