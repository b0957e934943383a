"""A participant's agenda on paper: a PDF (WeasyPrint) with a QR code for check-in.

A one-page agenda is rendered in the request; a longer one (events/exports.py estimates it from
the number of meetings) and other long documents (policy briefs) go through a task instead.
WeasyPrint fetches only through bsrstars.pdf's fetcher: the page is self-contained (its
stylesheet read from the portal's static files, the QR code inline SVG) and
anything else it names, a file:// path or another host, is refused.
"""

import functools

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def check_in_url(request, registration) -> str:
    """What the QR code on an agenda opens: the organisers' check-in desk, at this participant."""
    return request.build_absolute_uri(reverse("events:check_in", args=[registration.event_id])) + (
        f"?r={registration.pk}"
    )


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code, labelled for screen readers. The data is a URL we built; segno
    writes only path data from it, and the label is escaped. Made once per code and language
    in a process (a person's agenda page shows it on every load)."""
    from django.utils.translation import get_language

    return _qr_svg(data, get_language())


@functools.lru_cache(maxsize=2048)
def _qr_svg(data: str, language: str) -> SafeString:
    import segno

    label = escape(_("Check-in code"))
    svg = segno.make(data, error="m").svg_inline(scale=4, title=label, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308 -- segno's markup


def agenda_html(*, event, registration, rows, check_in: str) -> str:
    """The page the PDF is made from, times in the event's zone."""
    with timezone.override(event.zone):
        return render_to_string(
            "events/agenda_print.html",
            {"event": event, "registration": registration, "rows": rows, "qr": qr_svg(check_in)},
        )


def _agenda_document(*, event, registration, rows, check_in: str):
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    from bsrstars.pdf import BASE_URL, portal_url_fetcher

    html = agenda_html(event=event, registration=registration, rows=rows, check_in=check_in)
    fetcher = portal_url_fetcher()  # the portal's static files only: no file://, no other host
    with open(finders.find("css/agenda-print.css"), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read(), url_fetcher=fetcher)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=[stylesheet])


def agenda_pdf(*, event, registration, rows, check_in: str) -> bytes:
    return _agenda_document(event=event, registration=registration, rows=rows, check_in=check_in).write_pdf()


def agenda_pages(*, event, registration, rows, check_in: str) -> int:
    return len(_agenda_document(event=event, registration=registration, rows=rows, check_in=check_in).pages)
