"""PDFs with WeasyPrint that can read nothing but the portal's own static files and the charts
generated for the document.

WeasyPrint's default fetcher opens file:// and any http(s) URL: a document that names one would
read the server's files or call other hosts. Documents are rendered with `base_url=BASE_URL`, so
`{% static %}` paths resolve to BASE_URL + STATIC_URL + path, which this fetcher serves from the
staticfiles finders; BASE_URL + "charts/<name>" serves a chart handed to the fetcher. Every other
URL is refused (and remembered in `refused`, so callers and tests can see what was asked for).
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings

BASE_URL = "https://portal.invalid/"
CHARTS_PREFIX = "charts/"

_MIME = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".ttf": "font/ttf"}


class RefusedURL(ValueError):
    pass


def _fetcher_base():
    from weasyprint.urls import URLFetcher

    return URLFetcher


def portal_url_fetcher(charts: dict[str, str | bytes] | None = None):
    """A WeasyPrint URL fetcher limited to static files and the given charts ({name: svg})."""
    base = _fetcher_base()

    class PortalURLFetcher(base):
        def __init__(self):
            super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
            self.charts = dict(charts or {})
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            from weasyprint.urls import URLFetcherResponse

            try:
                name, body = self._resolve(url)
            except RefusedURL:
                self.refused.append(url)
                raise
            mime = _MIME.get(posixpath.splitext(name)[1], "application/octet-stream")
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

        def _resolve(self, url) -> tuple[str, bytes]:
            if not url.startswith(BASE_URL):
                raise RefusedURL(f"Refused to fetch {url}: only the portal's static files and charts.")
            parts = urlsplit(url)
            path = posixpath.normpath(unquote(parts.path)).lstrip("/")
            if path.startswith(CHARTS_PREFIX) and path[len(CHARTS_PREFIX) :] in self.charts:
                body = self.charts[path[len(CHARTS_PREFIX) :]]
                return path, body.encode() if isinstance(body, str) else body
            static_prefix = settings.STATIC_URL.strip("/") + "/"
            if path.startswith(static_prefix) and ".." not in path.split("/"):
                from django.contrib.staticfiles import finders

                found = finders.find(path[len(static_prefix) :])
                if found:
                    with open(found, "rb") as handle:
                        return path, handle.read()
            raise RefusedURL(f"Refused to fetch {url}: not a static file or chart of this document.")

    return PortalURLFetcher()


def render_document(html: str, *, fetcher=None, pdf_variant: str | None = "pdf/ua-1") -> tuple[bytes, int]:
    """HTML → (PDF bytes, page count) through the limited fetcher. PDF/UA-1 makes a tagged PDF;
    its language is the document's <html lang>."""
    from weasyprint import HTML

    fetcher = fetcher or portal_url_fetcher()
    options = {"pdf_variant": pdf_variant} if pdf_variant else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**options)
    return document.write_pdf(**options), len(document.pages)
