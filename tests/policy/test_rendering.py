"""The PDF: made by WeasyPrint in the task from the frozen figures, readable, tagged, complete,
and unable to read anything but the portal's static files and its own charts."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerDown

from bsrstars import kpis
from bsrstars.celery import app
from bsrstars.notifications.models import Notification
from bsrstars.outbox import services as outbox
from bsrstars.outbox.models import OutboxStatus
from bsrstars.pdf import portal_url_fetcher, render_document
from policy import services
from policy.models import Rendition
from regions.models import KPIDefinition
from tests.policy.factories import LETTERS, draft, published

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.fixture
def pilot_kpi():
    """A registered KPI whose figure the brief must quote."""
    KPIDefinition.objects.create(
        code="bio-pilots",
        name="Bio-economy pilot runs",
        unit="runs",
        kind="output",
        provider_code="tests.pilots",
        target=50,
    )
    kpis.register(
        kpis.KPIProvider("tests.pilots", "Pilot runs", "runs", lambda p: kpis.KPIValue("tests.pilots", total=437))
    )
    yield
    kpis.registry.unregister("tests.pilots")


def long_brief(**kwargs):
    paragraphs = "\n\n".join(f"Paragraph {i}: regions learn from each other. {LETTERS}" for i in range(12))
    return published(
        sections=[{"heading": f"Chapter {LETTERS[:1]} {n}", "body": paragraphs} for n in range(1, 5)],
        blocks=[
            {"kind": "kpi_progress", "position": 1, "caption": "Programme progress"},
            {"kind": "outcomes", "position": 2},
            {"kind": "complementarity", "position": 3},
        ],
        **kwargs,
    )


def test_rendered_pdf_has_title_figure_letters_and_pages(pilot_kpi):
    version = long_brief(title=f"Test access across the Baltic Sea {LETTERS}", language="sv")
    rendition = version.renditions.get()

    assert services.render_rendition(rendition_id=rendition.pk) == OutboxStatus.DONE

    rendition.refresh_from_db()
    text, reader = pdf_text(rendition.file.read())
    assert "Test access across the Baltic Sea" in text
    assert "437" in text  # the KPI figure, from the snapshot
    for letter in LETTERS.split():
        assert letter in text, letter
    assert len(reader.pages) == rendition.pages > 2
    assert "Chapter å 1" in reader.pages[1].extract_text()  # the table of contents
    assert "Test access across the Baltic Sea" in reader.pages[2].extract_text()  # the running header
    assert f"3 / {rendition.pages}" in reader.pages[2].extract_text()  # page numbers
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"  # the brief's language
    assert bool(root["/MarkInfo"]["/Marked"])  # a tagged PDF (PDF/UA)
    assert "/StructTreeRoot" in root
    assert "Bio-economy pilot runs" in rendition.html


def test_the_pdf_quotes_the_frozen_figures_not_todays(pilot_kpi):
    version = published()
    kpis.register(
        kpis.KPIProvider("tests.pilots", "Pilot runs", "runs", lambda p: kpis.KPIValue("tests.pilots", total=999))
    )
    services.render_rendition(rendition_id=version.renditions.get().pk)
    html = version.renditions.get().html
    assert "437" in html and "999" not in html


def test_fixed_texts_and_dates_follow_the_briefs_language_not_the_readers():
    version = published(language="sv")
    with translation.override("en"):
        services.render_rendition(rendition_id=version.renditions.get().pk)
    html = version.renditions.get().html
    month_sv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                "november", "december"][timezone.localdate().month - 1]  # fmt: skip
    assert '<html lang="sv">' in html
    assert month_sv in html


def test_fetcher_refuses_files_and_other_hosts_but_serves_static_files():
    fetcher = portal_url_fetcher(charts={"kpi.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="/static/css/brief-print.css">'
        '<link rel="stylesheet" href="https://evil.example/x.css"></head><body><p>Hello</p>'
        '<img src="file:///etc/passwd" alt=""><img src="http://evil.example/p.png" alt="">'
        '<img src="/static/../../../../etc/passwd" alt=""><img src="/charts/kpi.svg" alt="chart"></body></html>'
    )
    pdf, pages = render_document(html, fetcher=fetcher)
    assert pages == 1 and pdf.startswith(b"%PDF")
    assert sorted(fetcher.refused) == sorted(
        [
            "https://evil.example/x.css",
            "file:///etc/passwd",
            "http://evil.example/p.png",
            "https://portal.invalid/etc/passwd",
        ]
    )


def test_a_brief_that_tries_to_reach_files_and_hosts_renders_without_them():
    version = published(
        sections=[
            {
                "heading": "Sneaky",
                "body": '![x](file:///etc/passwd) <img src="http://evil.example/p.png"> [l](javascript:alert(1)) text',
            }
        ]
    )
    services.render_rendition(rendition_id=version.renditions.get().pk)
    rendition = version.renditions.get()
    assert rendition.status == OutboxStatus.DONE
    assert "<img" not in rendition.html.split("<body>")[1]
    assert 'href="javascript' not in rendition.html


def test_rendering_twice_does_nothing_the_second_time():
    version = published()
    rendition = version.renditions.get()
    assert services.render_rendition(rendition_id=rendition.pk) == OutboxStatus.DONE
    first = Rendition.objects.get(pk=rendition.pk).file.name
    assert services.render_rendition(rendition_id=rendition.pk) == "skipped"
    assert Rendition.objects.get(pk=rendition.pk).file.name == first
    told = Notification.objects.filter(recipient=version.brief.author, kind="policy_rendered")
    assert [n.payload["failed"] for n in told] == [False]  # told once that the PDF is ready


def test_asking_again_while_one_is_waiting_starts_no_second_rendering():
    version = draft()
    first = services.request_rendering(version=version, by=version.brief.author)
    assert services.request_rendering(version=version, by=version.brief.author) == first


def test_a_failing_chart_marks_the_rendition_failed_and_keeps_the_brief(monkeypatch):
    from bsrstars import charts

    version = draft()
    rendition = services.request_rendering(version=version, by=version.brief.author)

    def broken(*args, **kwargs):
        raise RuntimeError("chart exploded")

    monkeypatch.setattr(charts, "progress_bar", broken)
    assert services.render_rendition(rendition_id=rendition.pk) == OutboxStatus.FAILED
    rendition.refresh_from_db()
    assert "chart exploded" in rendition.last_error
    assert not rendition.file
    version.refresh_from_db()
    assert version.sections.count() == 2 and version.status == "draft"
    monkeypatch.undo()
    retry = services.request_rendering(version=version, by=version.brief.author)
    assert retry.pk != rendition.pk
    assert services.render_rendition(rendition_id=retry.pk) == OutboxStatus.DONE


def test_broker_outage_delays_the_rendering_and_the_sweep_sends_it(
    eager_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    task = app.tasks["policy.render_version"]

    def refuse(*args, **kwargs):
        raise BrokerDown("Connection refused.")

    monkeypatch.setattr(task, "apply_async", refuse)
    version = draft()
    with django_capture_on_commit_callbacks(execute=True):
        rendition = services.request_rendering(version=version, by=version.brief.author)
    rendition.refresh_from_db()
    assert rendition.status == OutboxStatus.PENDING
    monkeypatch.undo()
    outbox.sweep(now=timezone.now() + timedelta(minutes=5))
    rendition.refresh_from_db()
    assert rendition.status == OutboxStatus.DONE
    assert rendition.file.read().startswith(b"%PDF")
