"""The brief pages as partners and reviewers use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bsrstars.outbox.models import OutboxStatus
from policy import services
from policy.models import BriefVersion, Rendition
from tests.factories import person
from tests.policy.factories import draft, in_review, partner, published

pytestmark = pytest.mark.django_db


def _formset_data(prefix, rows, total=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total or len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_a_partner_creates_and_writes_a_brief_in_the_editor(client):
    from regions.models import StatisticIndicator

    indicator = StatisticIndicator.objects.order_by("code").first().code
    author = partner()
    client.force_login(author)
    response = client.post(
        reverse("policy:create"),
        {"title": "Circular bio-economy", "summary": "Why.", "language": "lt", "scope": "eu"},
    )
    version = BriefVersion.objects.get(title="Circular bio-economy")
    assert response["Location"] == reverse("policy:edit", args=[version.brief_id, 1])
    data = {
        "brief-title": "Circular bio-economy",
        "brief-summary": "Why it matters.",
        "brief-language": "lt",
        "brief-scope": "eu",
        "brief-change_note": "",
        **_formset_data(
            "sections", [{"heading": "Context", "body": "Text **here**"}, {"heading": "Findings", "body": "More"}]
        ),
        **_formset_data("recommendations", [{"text": "Fund pilots", "level": "eu", "addressee": "DG RTD"}]),
        **_formset_data(
            "evidence",
            [
                {"kind": "complementarity", "position": "1", "caption": "Who complements whom"},
                {"kind": "regional_statistics", "position": "2", "indicator": indicator},
            ],
        ),
    }
    response = client.post(reverse("policy:edit", args=[version.brief_id, 1]), data)
    assert response.status_code == 302
    assert version.evidence_blocks.get(kind="regional_statistics").params == {"indicator": indicator}
    assert list(version.sections.values_list("heading", flat=True)) == ["Context", "Findings"]
    assert version.recommendations.get().addressee == "DG RTD"
    preview = client.get(reverse("policy:detail", args=[version.brief_id, 1])).content.decode()
    assert "<strong>here</strong>" in preview
    assert "Who complements whom" in preview
    assert "live figures" in preview


def test_the_editor_refuses_an_unknown_evidence_kind_and_keeps_the_brief(client):
    version = draft()
    client.force_login(version.brief.author)
    data = {
        "brief-title": "Changed title",
        "brief-language": "en",
        "brief-scope": "eu",
        **_formset_data("sections", [{"heading": "Context", "body": "x"}]),
        **_formset_data("recommendations", []),
        **_formset_data("evidence", [{"kind": "horoscope", "position": "1"}]),
    }
    response = client.post(reverse("policy:edit", args=[version.brief_id, 1]), data)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.title == "Coaching across borders"
    assert version.sections.count() == 2


def test_reviewers_comment_per_section_and_the_author_resolves(client):
    version = in_review()
    reviewer = person("regional_authority", "SE224")
    client.force_login(reviewer)
    section = version.sections.first()
    url = reverse("policy:review", args=[version.brief_id, 1])
    client.post(url, {"section": section.pk, "text": "Which year are these figures from?"})
    comment = version.comments.get()
    assert comment.section == section
    client.force_login(person("regional_authority", "LT011"))  # another reviewer may not resolve it
    assert client.post(reverse("policy:comment_resolve", args=[version.brief_id, comment.pk])).status_code == 403
    client.force_login(version.brief.author)
    page = client.get(url).content.decode()
    assert "Which year are these figures from?" in page and "Mark as resolved" in page
    client.post(reverse("policy:comment_resolve", args=[version.brief_id, comment.pk]))
    comment.refresh_from_db()
    assert comment.resolved_by == version.brief.author


def test_the_render_button_returns_at_once_and_the_status_part_polls(client, monkeypatch):
    from bsrstars.outbox import services as outbox

    monkeypatch.setattr(outbox, "send_now", lambda *a, **k: False)  # the broker takes it; no worker yet
    version = draft()
    client.force_login(version.brief.author)
    url = reverse("policy:renditions", args=[version.brief_id, 1])
    response = client.post(url)
    assert response.status_code == 302
    assert version.renditions.get().status == OutboxStatus.PENDING
    status = client.get(reverse("policy:renditions_status", args=[version.brief_id, 1])).content.decode()
    assert 'hx-trigger="every 2s"' in status
    assert "waiting for a background worker" in status
    page = client.get(url).content.decode()
    assert "django_htmx/htmx-2.min.js" in page and "<script>" not in page


def test_a_failed_rendering_shows_why_and_can_be_retried(client):
    version = draft()
    rendition = services.request_rendering(version=version, by=version.brief.author)
    Rendition.objects.filter(pk=rendition.pk).update(
        status=OutboxStatus.FAILED, last_error="RuntimeError: chart exploded"
    )
    client.force_login(version.brief.author)
    status = client.get(reverse("policy:renditions_status", args=[version.brief_id, 1])).content.decode()
    assert "chart exploded" in status and "try again" in status
    assert "hx-trigger" not in status
    client.post(reverse("policy:renditions", args=[version.brief_id, 1]))
    assert version.renditions.count() == 2


def test_versions_list_says_what_changed(client):
    version = published()
    new = services.start_new_version(version=version, by=version.brief.author, change_note="2027 figures")
    services.set_sections(
        version=new,
        sections=[{"heading": "Context", "body": "Rewritten."}, {"heading": "Outlook", "body": "New."}],
    )
    client.force_login(version.brief.author)
    page = client.get(reverse("policy:versions", args=[version.brief_id])).content.decode()
    assert "2027 figures" in page and "Published" in page and "Draft" in page
    assert "Section “Outlook” added" in page
    assert "Section “Findings” removed" in page
    assert "Section “Context” changed" in page


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_briefs(client):
    author = partner()
    reader = person("regional_authority", "SE224")
    published(author)
    client.force_login(reader)
    one = _count(client, reverse("policy:list"))
    for _ in range(4):
        published(author)
        in_review(author)
    assert _count(client, reverse("policy:list")) == one


def test_api_list_query_count_does_not_grow_with_briefs(client):
    author = partner()
    published(author)
    client.force_login(person("regional_authority", "SE224"))
    one = _count(client, "/api/v1/policy-briefs/")
    for _ in range(4):
        v = published(author)
        services.start_new_version(version=v, by=author)
    assert _count(client, "/api/v1/policy-briefs/") == one


def test_public_list_query_count_does_not_grow_with_briefs(client):
    author = partner()
    published(author)
    one = _count(client, reverse("policy:public_list"))
    for _ in range(4):
        v = published(author)
        services.start_new_version(version=v, by=author)
    assert _count(client, reverse("policy:public_list")) == one
