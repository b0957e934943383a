"""Server-rendered SVG charts: they work in pages and in PDFs alike, need no JavaScript and no
inline styles (presentation attributes only, so the CSP stays strict). Each chart has a <title>
and <desc> for screen readers; pages show the numbers in a table beside it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK, MUTED, BRAND, ACCENT, LINE, SOFT = "#1b1f24", "#4d5560", "#0b4f79", "#0f6e4f", "#c9d1d9", "#e3eef6"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], ident: str) -> SafeString:
    return mark_safe(  # noqa: S308 -- every text piece below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="chart">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def text_width(text: str, size: float) -> float:
    """A generous estimate of a label's width in px (system sans-serif averages ~0.55 em)."""
    return 0.62 * size * len(str(text))


def _fit(label: str, max_px: float, size: float) -> str:
    """`label`, shortened with an ellipsis to fit `max_px` (the full text stays in <desc>)."""
    label = str(label)
    max_chars = max(4, int(max_px / (0.62 * size)))
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if float(value).is_integer() else f"{value:,.1f}"


def progress_bar(
    value: float, target: float | None, *, title: str, ident: str, milestone: float | None = None
) -> SafeString:
    width, height, bar_y, bar_h = 480, 44, 6, 18
    scale = max(float(target or 0), float(value), float(milestone or 0), 1.0)
    filled = width * float(value) / scale
    if target:
        share = f"{100 * float(value) / float(target):.0f}"
        desc = _("%(value)s of %(target)s (%(share)s %%)") % {
            "value": _fmt(value),
            "target": _fmt(target),
            "share": share,
        }
    else:
        desc = _fmt(value)
    body = [
        f'<rect x="0" y="{bar_y}" width="{width}" height="{bar_h}" rx="4" fill="{SOFT}"/>',
        f'<rect x="0" y="{bar_y}" width="{filled:.1f}" height="{bar_h}" rx="4" fill="{ACCENT}"/>',
    ]
    if milestone:
        x = width * float(milestone) / scale
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="2" y2="{bar_y + bar_h + 4}" stroke="{INK}" stroke-dasharray="3 2"/>'
        )
    body.append(f'<text x="0" y="{height - 4}" font-size="12" fill="{INK}">{escape(desc)}</text>')
    return _svg(width, height, title, desc, body, ident)


def line_chart(
    points: list[tuple[str, float]], *, title: str, ident: str, target: float | None = None, target_label: str = ""
) -> SafeString:
    """A cumulative line over labelled points (e.g. months), with the target as a dashed line."""
    width, height, bottom, top = 560, 240, 28, 14
    values = [float(v) for _, v in points]
    top_value = max([*values, float(target or 0), 1.0])
    # Margins wide enough for the y-axis values and for half of the first and last x labels.
    left = max(48, int(text_width(_fmt(top_value), 11)) + 12)
    edge = max((text_width(label, 11) / 2 for label, _ in points[:1] + points[-1:]), default=0)
    left = max(left, int(edge) + 4)
    right = max(12, int(edge) + 4)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i):
        return left + (plot_w * i / max(len(points) - 1, 1))

    def y(v):
        return top + plot_h - plot_h * float(v) / top_value

    body = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{LINE}"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{LINE}"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = top_value * fraction
        body.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{MUTED}">{_fmt(value)}</text>'
        )
    if target:
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{INK}" stroke-dasharray="6 4"/>'
        )
        label_y = y(target) - 4 if y(target) - 4 >= 12 else y(target) + 14  # below the line at the very top
        body.append(
            f'<text x="{width - right}" y="{label_y:.1f}" font-size="11" text-anchor="end" '
            f'fill="{INK}">{escape(target_label)}</text>'
        )
    if points:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        body.append(f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2.5"/>')
        for i, v in enumerate(values):
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{BRAND}"/>')
        step = max(1, len(points) // 6)
        for i, (label, _v) in enumerate(points):
            if i % step == 0 or i == len(points) - 1:
                body.append(
                    f'<text x="{x(i):.1f}" y="{height - 8}" font-size="11" text-anchor="middle" '
                    f'fill="{MUTED}">{escape(label)}</text>'
                )
    desc = ", ".join(f"{label}: {_fmt(v)}" for label, v in points)
    return _svg(width, height, title, desc, body, ident)


def bar_chart(items: list[tuple[str, float]], *, title: str, ident: str) -> SafeString:
    """Horizontal bars, one per labelled value (e.g. per partner region)."""
    # Room for the longest label (about 7 px a character at 12 px), bars keep 330 px.
    row = 26
    label_w = min(max(170, 7 * max((len(str(label)) for label, _ in items), default=0) + 16), 380)
    top_value = max([float(v) for _, v in items] + [1.0])
    value_w = max(54, int(text_width(_fmt(top_value), 12)) + 12)  # room for the value after the longest bar
    width = label_w + 330 + value_w
    height = max(row * len(items), row)
    body = []
    for i, (label, value) in enumerate(items):
        w = (width - label_w - value_w) * float(value) / top_value
        yy = i * row
        body.append(
            f'<text x="{label_w - 8}" y="{yy + 17}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{escape(_fit(label, label_w - 12, 12))}</text>'
        )
        body.append(f'<rect x="{label_w}" y="{yy + 5}" width="{w:.1f}" height="16" rx="3" fill="{BRAND}"/>')
        body.append(f'<text x="{label_w + w + 6:.1f}" y="{yy + 17}" font-size="12" fill="{INK}">{_fmt(value)}</text>')
    desc = ", ".join(f"{label}: {_fmt(v)}" for label, v in items)
    return _svg(width, height, title, desc, body, ident)


def sparkline(points: list[tuple[str, float]], *, title: str, ident: str, target: float | None = None) -> SafeString:
    """A small trend line for a KPI tile (the tile writes the numbers; <desc> lists them)."""
    width, height, pad = 160, 36, 3
    values = [float(v) for _, v in points] or [0.0]
    top_value = max([*values, float(target or 0), 1.0])

    def x(i):
        return pad + (width - 2 * pad) * i / max(len(values) - 1, 1)

    def y(v):
        return height - pad - (height - 2 * pad) * v / top_value

    body = [f'<line x1="{pad}" x2="{width - pad}" y1="{height - pad}" y2="{height - pad}" stroke="{LINE}"/>']
    if target:
        body.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{y(float(target)):.1f}" y2="{y(float(target)):.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="3 3"/>'
        )
    path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    body.append(
        f'<polyline points="{path}" fill="none" stroke="{BRAND}" stroke-width="2" vector-effect="non-scaling-stroke"/>'
    )
    desc = ", ".join(f"{label}: {_fmt(v)}" for label, v in points)
    # Stretched to the tile's width (no text or circles inside, so nothing distorts).
    return SafeString(
        _svg(width, height, title, desc, body, ident).replace("<svg ", '<svg preserveAspectRatio="none" ', 1)
    )
