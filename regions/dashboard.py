"""The KPI dashboard's data: definitions, current values from the KPI registry, the last reported
snapshot, history and per-region figures. A fixed number of queries however much data there is:
definitions, targets and snapshots are read once; the providers' current values come from the
cache (kpis.registry.current_all) or, when it is stale, each provider runs its aggregates once."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from bsrstars import kpis
from bsrstars.accounts.rules import authority_region_codes

from .models import KPIDefinition, KPIRegionTarget, KPISnapshot, Region


@dataclass
class RegionFigure:
    region: Region
    value: float
    target: Decimal | None


@dataclass
class KPIRow:
    definition: KPIDefinition
    measured: bool
    current: float | None = None
    previous: Decimal | None = None
    previous_month: object = None
    regions: list[RegionFigure] = field(default_factory=list)
    by_country: dict = field(default_factory=dict)
    history: list[tuple[str, float]] = field(default_factory=list)

    @property
    def share_of_target(self) -> float | None:
        target = self.definition.target
        if not self.measured or not target:
            return None
        return float(self.current) / float(target)

    @property
    def change(self):
        if not self.measured or self.previous is None:
            return None
        return float(self.current) - float(self.previous)


def regions_in_scope(user) -> list[Region]:
    """The regions whose programme figures are shown to `user`.

    The one rule for region-level programme indicators: everyone who may see the dashboard
    (partners, facilitators, regional authorities, programme admins) sees them for every
    partner region, and an authority also for the regions it covers; comparing regions is the
    point of policy learning. Company-level data (directory rows, company exports) stays scoped
    by smes.selectors. The region page, the dashboard, its exports and /api/v1/kpis/ all use this.
    """
    codes = authority_region_codes(user)
    regions = Region.objects.filter(Q(is_partner=True) | Q(code__in=codes)).order_by("country", "code")
    return list(regions)


def scope_key(user) -> str:
    """What makes regions_in_scope() differ between people, for a kept dashboard to vary on: the
    partner regions are everyone's, so the regions an authority covers."""
    return ",".join(sorted(authority_region_codes(user)))


def build(user) -> tuple[list[KPIRow], list[Region]]:
    regions = regions_in_scope(user)
    definitions = list(
        KPIDefinition.objects.prefetch_related(
            Prefetch("region_targets", queryset=KPIRegionTarget.objects.select_related("region"))
        )
    )
    snapshots: dict[int, list[KPISnapshot]] = {}
    for snapshot in KPISnapshot.objects.filter(definition__in=definitions).order_by("month"):
        snapshots.setdefault(snapshot.definition_id, []).append(snapshot)
    computed = kpis.registry.current_all(kpis.Period())  # cached: see bsrstars/kpis.py
    this_month = timezone.localdate().replace(day=1)
    rows = []
    for definition in definitions:
        provider = kpis.registry.get(definition.provider_code) if definition.provider_code else None
        if provider is None:
            rows.append(KPIRow(definition=definition, measured=False))
            continue
        value = computed.get(provider.code) or provider.compute(kpis.Period())
        history = [s for s in snapshots.get(definition.pk, []) if s.month < this_month]
        targets = {t.region_id: t.target for t in definition.region_targets.all()}
        rows.append(
            KPIRow(
                definition=definition,
                measured=True,
                current=value.total,
                previous=history[-1].value if history else None,
                previous_month=history[-1].month if history else None,
                regions=[RegionFigure(r, value.for_region(r.code), targets.get(r.pk)) for r in regions],
                by_country=value.by_country,
                history=[(s.month.strftime("%Y-%m"), float(s.value)) for s in history]
                + [(this_month.strftime("%Y-%m"), float(value.total))],
            )
        )
    return rows, regions


def export_rows(rows: list[KPIRow], regions: list[Region]) -> list[dict]:
    table = []
    for row in rows:
        d = row.definition
        record = {
            "code": d.code,
            "indicator": d.name,
            "unit": d.unit,
            "kind": d.kind,
            "baseline": d.baseline,
            "milestone": d.milestone,
            "target": d.target,
            "previously_reported": row.previous if row.measured else "",
            "current": row.current if row.measured else "not yet measured",
        }
        for figure in row.regions:
            record[figure.region.code] = figure.value
        if not row.measured:
            for region in regions:
                record[region.code] = ""
        table.append(record)
    return table
