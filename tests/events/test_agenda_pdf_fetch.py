"""The agenda PDF reads nothing but the portal's own static files: a file:// path or another
host named in the page is refused, and the PDF still comes out."""

from events import printing


def test_agenda_pdf_refuses_files_and_other_hosts(monkeypatch):
    from bsrstars import pdf

    fetchers = []
    real = pdf.portal_url_fetcher

    def recording(*args, **kwargs):
        fetchers.append(real(*args, **kwargs))
        return fetchers[-1]

    monkeypatch.setattr(pdf, "portal_url_fetcher", recording)
    hostile = '<html lang="en"><body><h1>Agenda</h1><img src="file:///etc/passwd"><img src="https://evil.example/x.png"></body></html>'
    monkeypatch.setattr(printing, "agenda_html", lambda **kwargs: hostile)
    content = printing.agenda_pdf(event=None, registration=None, rows=[], check_in="x")
    assert content.startswith(b"%PDF")
    assert sorted(fetchers[0].refused) == ["file:///etc/passwd", "https://evil.example/x.png"]
    assert b"root:" not in content
