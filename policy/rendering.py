"""A version as HTML (preview page and PDF source) from a snapshot of its evidence.

The brief's own fixed texts (headings, captions, "Contents", dates and numbers) follow the brief's
language, whatever the reader's: everything here runs under translation.override(version.language).
Charts are the foundation's SVG charts (bsrstars.charts), inline in the page.
"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from bsrstars import charts

from .markup import render_markdown
from .models import EvidenceKind, Level


def _chart_for(kind: str, data: dict, ident: str) -> list:
    if kind == EvidenceKind.KPI_PROGRESS:
        return [
            charts.progress_bar(
                row["current"], row["target"], milestone=row["milestone"], title=row["name"], ident=f"{ident}-{i}"
            )
            for i, row in enumerate(data.get("kpis", []))
        ]
    if kind == EvidenceKind.REGIONAL_STATISTICS and data.get("indicator"):
        items = [(v["region"]["name"], v["value"]) for v in data.get("values", [])]
        return [charts.bar_chart(items, title=data["indicator"]["name"], ident=ident)] if items else []
    if kind == EvidenceKind.OUTCOMES:
        items = [(row["name"], row["total"]) for row in data.get("outcomes", [])]
        return [charts.bar_chart(items, title=_("Outcomes of the support programme"), ident=ident)] if items else []
    return []


def _block(i: int, entry: dict) -> dict:
    data = entry.get("data") or {}
    label = EvidenceKind(entry["kind"]).label if entry["kind"] in EvidenceKind.values else _("Evidence")
    block = {**entry, "data": data, "ident": f"evidence-{i}", "charts": [], "label": label}
    if "error" not in entry:
        block["charts"] = _chart_for(entry["kind"], data, block["ident"])
    if entry["kind"] == EvidenceKind.KPI_PROGRESS:
        block["kpi_rows"] = [
            {**row, "region_values": [row["by_region"].get(r["code"]) for r in data.get("regions", [])]}
            for row in data.get("kpis", [])
        ]
    if entry["kind"] == EvidenceKind.REGION_PROFILES:
        block["rows"] = [
            {
                "region": region,
                "cells": [data["strengths"].get(region["code"], {}).get(d["code"]) for d in data["domains"]],
                "needs": [d["name"] for d in data["domains"] if d["code"] in data["needs"].get(region["code"], [])],
            }
            for region in data.get("regions", [])
        ]
    return block


def _parts(version, snapshot: dict) -> list[dict]:
    """Sections and evidence blocks in reading order: a block at position p follows section p."""
    blocks = [_block(i, entry) for i, entry in enumerate(snapshot.get("blocks", []))]
    sections = list(version.sections.all())
    parts = [{"type": "evidence", "block": b} for b in blocks if b["position"] <= 0]
    for number, section in enumerate(sections, start=1):
        parts.append({"type": "section", "section": section, "number": number, "html": render_markdown(section.body)})
        parts += [{"type": "evidence", "block": b} for b in blocks if b["position"] == number]
    parts += [{"type": "evidence", "block": b} for b in blocks if b["position"] > len(sections)]
    return parts


def _recommendations(version) -> list[tuple[str, list]]:
    grouped = []
    recommendations = list(version.recommendations.all())
    for level in Level:
        items = [r for r in recommendations if r.level == level]
        if items:
            grouped.append((level.label, items))
    return grouped


def context(version, snapshot: dict) -> dict:
    taken = snapshot.get("taken_at")
    return {
        "version": version,
        "brief": version.brief,
        "parts": _parts(version, snapshot),
        "recommendations": _recommendations(version),
        "regions": list(version.regions.all()),
        "domains": list(version.domains.all()),
        "taken_at": datetime.fromisoformat(taken) if taken else None,
        "statistic_sources": sorted(
            {
                (b.get("data") or {}).get("indicator", {}).get("source", "")
                for b in snapshot.get("blocks", [])
                if b["kind"] == "regional_statistics" and (b.get("data") or {}).get("indicator")
            }
            - {""}
        ),
        "language": version.language,
    }


def body_html(version, snapshot: dict) -> str:
    """The brief's content (for the preview page), in the brief's language."""
    with translation.override(version.language):
        return render_to_string("policy/_brief_body.html", context(version, snapshot))


def print_html(version, snapshot: dict) -> str:
    """The whole document the PDF is made from."""
    with translation.override(version.language):
        return render_to_string("policy/print.html", context(version, snapshot))
