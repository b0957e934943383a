"""The figures behind a brief's evidence blocks, read from live data as plain JSON.

`collect(version)` builds the snapshot a version is published (or rendered) with: one entry per
evidence block, in order, each with the data its template shows. KPIs come only through the
registry (bsrstars.kpis) and region data through the regions selectors, so briefs work with
whatever modules have registered KPIs and never import a domain app.

A block whose figures cannot be computed (a provider that raises) is recorded with its error;
`strict=True` (rendering) lets the error propagate so the rendition is marked failed instead.
"""

from __future__ import annotations

from django.utils import timezone, translation

from bsrstars import kpis

from .models import EvidenceKind

# Outcome statistics: the registered providers of these modules, whatever they are.
OUTCOME_PREFIXES = ("events.", "coaching.", "testbeds.")


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def _regions(version) -> list[dict]:
    from regions.selectors import partner_regions

    chosen = list(version.regions.all()) or list(partner_regions())
    return [{"code": r.code, "name": r.name, "country": r.country} for r in chosen]


def kpi_progress(version, params: dict, cache: dict) -> dict:
    from regions.models import KPIDefinition

    codes = set(params.get("codes") or [])
    regions = _regions(version)
    rows = []
    for definition in KPIDefinition.objects.order_by("position", "code"):
        if codes and definition.code not in codes:
            continue
        provider = kpis.registry.get(definition.provider_code) if definition.provider_code else None
        if provider is None:
            continue
        value = _compute(provider.code, cache)
        rows.append(
            {
                "code": definition.code,
                **_in_language(version.language, name=definition.label, unit=definition.unit_label),
                "current": _number(value.total),
                "milestone": _number(definition.milestone) if definition.milestone is not None else None,
                "target": _number(definition.target) if definition.target is not None else None,
                "by_region": {r["code"]: _number(value.for_region(r["code"])) for r in regions},
            }
        )
    return {"kpis": rows, "regions": regions}


def _in_language(language: str, **texts) -> dict[str, str]:
    with translation.override(language):
        return {key: str(text) for key, text in texts.items()}


def outcomes(version, params: dict, cache: dict) -> dict:
    rows = []
    for provider in kpis.registry.providers():
        if not provider.code.startswith(OUTCOME_PREFIXES):
            continue
        value = _compute(provider.code, cache)
        rows.append(
            {
                "code": provider.code,
                "module": provider.code.split(".", 1)[0],
                # Frozen into the snapshot, so in the brief's language, not the publisher's.
                **_in_language(version.language, name=provider.name, unit=provider.unit),
                "total": _number(value.total),
                "by_country": {k: _number(v) for k, v in sorted(value.by_country.items()) if k},
            }
        )
    return {"outcomes": rows}


def region_profiles(version, params: dict, cache: dict) -> dict:
    from regions.models import Region, S3Domain
    from regions.selectors import domain_profiles

    regions = _regions(version)
    profiles = domain_profiles(Region.objects.filter(code__in=[r["code"] for r in regions]))
    wanted = {d.code for d in version.domains.all()}
    codes = sorted(wanted or {d for p in profiles.values() for d in p.strengths})
    with translation.override(version.language):
        names = {d.code: d.label for d in S3Domain.objects.filter(code__in=codes)}
    return {
        "regions": regions,
        "domains": [{"code": c, "name": names.get(c, c)} for c in codes],
        "strengths": {code: dict(p.strengths) for code, p in profiles.items()},
        "needs": {code: sorted(p.needs) for code, p in profiles.items()},
    }


def complementarity(version, params: dict, cache: dict) -> dict:
    from regions import complementarity as comp
    from regions.models import Region
    from regions.selectors import domain_profiles

    regions = _regions(version)
    profiles = domain_profiles(Region.objects.filter(code__in=[r["code"] for r in regions]))
    matrix = []
    for a in regions:
        row = []
        for b in regions:
            if a["code"] == b["code"]:
                row.append(None)
                continue
            pa, pb = profiles.get(a["code"]), profiles.get(b["code"])
            row.append(round(comp.complementarity(pa, pb).value, 3) if pa and pb else None)
        matrix.append({"region": a, "values": row})
    return {"regions": regions, "matrix": matrix}


def regional_statistics(version, params: dict, cache: dict) -> dict:
    from regions.models import StatisticIndicator
    from regions.selectors import statistics_vectors

    year, values, _countries = statistics_vectors(params.get("year"))
    regions = _regions(version)
    indicators = {i.code: i for i in StatisticIndicator.objects.all()}
    code = params.get("indicator")
    if code not in indicators:
        present = sorted({k for r in regions for k in values.get(r["code"], {})})
        code = present[0] if present else None
    indicator = indicators.get(code)
    return {
        "year": year,
        "indicator": {
            "code": code,
            **_in_language(version.language, name=indicator.label, unit=indicator.unit_label),
            "source": indicator.source,
        }
        if indicator
        else None,
        "values": [
            {"region": r, "value": values[r["code"]][code]}
            for r in regions
            if code and code in values.get(r["code"], {})
        ],
    }


BUILDERS = {
    EvidenceKind.KPI_PROGRESS: kpi_progress,
    EvidenceKind.REGION_PROFILES: region_profiles,
    EvidenceKind.COMPLEMENTARITY: complementarity,
    EvidenceKind.OUTCOMES: outcomes,
    EvidenceKind.REGIONAL_STATISTICS: regional_statistics,
}


def _compute(code: str, cache: dict):
    if code not in cache:
        cache[code] = kpis.registry.compute(code)
    return cache[code]


def collect(version, *, strict: bool = False) -> dict:
    """{"taken_at": ISO time, "blocks": [{kind, position, caption, data | error}]}."""
    cache: dict = {}
    blocks = []
    for block in version.evidence_blocks.all():
        entry = {"kind": block.kind, "position": block.position, "caption": block.caption}
        builder = BUILDERS.get(block.kind)
        if builder is None:
            entry["error"] = f"unknown evidence kind {block.kind!r}"
            if strict:
                raise ValueError(entry["error"])
        else:
            try:
                entry["data"] = builder(version, block.params or {}, cache)
            except Exception as exc:
                if strict:
                    raise
                entry["error"] = f"{type(exc).__name__}: {exc}"
        blocks.append(entry)
    return {"taken_at": timezone.now().isoformat(), "blocks": blocks}
