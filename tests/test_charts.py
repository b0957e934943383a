"""Server-rendered charts keep every label inside the picture (no clipped axis labels)."""

import re

from bsrstars import charts

TEXT = re.compile(r'<text x="([\d.-]+)" y="([\d.-]+)" font-size="(\d+)"(?: text-anchor="(\w+)")?[^>]*>([^<]*)</text>')


def _inside(svg: str) -> list[tuple]:
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    outside = []
    for x, y, size, anchor, text in TEXT.findall(svg):
        x, y, size = float(x), float(y), float(size)
        w = charts.text_width(text.replace("&amp;", "&"), size)
        left = {"end": x - w, "middle": x - w / 2}.get(anchor, x)
        if left < 0 or left + w > width or y - size < 0 or y > height:
            outside.append((text, left, left + w))
    return outside


def test_line_chart_month_labels_and_large_values_fit():
    points = [(f"2026-{m:02d}", 1000.0 * m * m) for m in range(1, 13)]
    svg = charts.line_chart(points, title="t", ident="l", target=250000, target_label="target")
    assert _inside(svg) == []


def test_bar_chart_long_region_names_and_values_fit():
    items = [
        ("Vilniaus miesto savivaldybės administracija and a very long name indeed, longer than any", 1234567.0),
        ("Skåne", 3.0),
    ]
    svg = charts.bar_chart(items, title="t", ident="b")
    assert _inside(svg) == []
    assert (
        "Vilniaus miesto savivaldybės administracija and a very long name indeed, longer than any" in svg
    )  # in <desc>


def test_sparkline_and_progress_bar_fit():
    assert _inside(charts.sparkline([("2026-01", 1), ("2026-02", 5)], title="t", ident="s", target=10)) == []
    assert _inside(charts.progress_bar(120, 400, title="t", ident="p", milestone=200)) == []
