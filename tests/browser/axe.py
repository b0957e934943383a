"""axe-core in the browser tests: the copy that axe-playwright-python ships (no CDN), run against
WCAG 2.0 and 2.1 levels A and AA, with violations listed so a person can find and fix them."""

import json
from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


def install(context):
    """Load axe-core into every page of the browser context as it opens (saves injecting it on
    each check); `violations` injects it itself where it is missing."""
    context.add_init_script(AXE_SCRIPT)


@dataclass(frozen=True)
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]

    def __str__(self):
        shown = "; ".join(self.nodes[:3]) + (f"; ... {len(self.nodes) - 3} more" if len(self.nodes) > 3 else "")
        return f"{self.page}: {self.rule} ({self.impact}, {len(self.nodes)} node(s)) {self.help} -- {shown}"


def violations(page, label: str | None = None) -> list[Violation]:
    """What axe finds wrong with the page as it is now (after any htmx swap)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    result = page.evaluate(f"axe.run(document, {json.dumps(OPTIONS)})")
    return [
        Violation(
            page=label or page.url,
            rule=item["id"],
            impact=item.get("impact") or "",
            help=item["help"],
            nodes=tuple(
                " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                for node in item["nodes"]
            ),
        )
        for item in result["violations"]
    ]


def report(found: list[Violation]) -> str:
    return f"{len(found)} accessibility violation(s) (axe-core, {', '.join(TAGS)}):\n" + "\n".join(
        f"  {v}" for v in found
    )
