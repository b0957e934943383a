"""Authoring, review, publishing and versions: what partners and reviewers rely on."""

import pytest
from django.core.exceptions import ValidationError

from bsrstars.notifications.models import Notification
from policy import services
from policy.models import MAX_SECTIONS, BriefVersion, Section, VersionStatus
from tests.factories import person
from tests.policy.factories import draft, in_review, partner, published

pytestmark = pytest.mark.django_db


def test_a_draft_goes_through_review_to_published_with_a_dated_snapshot():
    version = in_review()
    reviewer = person("regional_authority", "SE224")
    comment = services.add_comment(
        version=version, author=reviewer, text="Cite the coaching figure.", section=version.sections.first()
    )
    with pytest.raises(ValidationError, match="open review comments"):
        services.publish(version=version, by=version.brief.author)
    services.resolve_comment(comment=comment, by=version.brief.author)

    version = services.publish(version=version, by=version.brief.author)

    assert version.status == VersionStatus.PUBLISHED
    assert version.snapshot_taken_at is not None
    assert [b["kind"] for b in version.snapshot["blocks"]] == ["kpi_progress"]
    assert "kpis" in version.snapshot["blocks"][0]["data"]
    assert version.renditions.count() == 1
    assert Notification.objects.filter(recipient=version.brief.author, kind="policy_comment").exists()
    assert Notification.objects.filter(recipient=reviewer, kind="policy_published").exists()


def test_submitting_tells_partners_and_admins_but_not_the_author():
    other_partner = partner()
    version = in_review()
    kinds = set(Notification.objects.filter(kind="policy_review").values_list("recipient_id", flat=True))
    assert other_partner.pk in kinds
    assert version.brief.author_id not in kinds


def test_a_published_version_cannot_be_edited():
    version = published()
    before = list(version.sections.values_list("heading", "body"))
    with pytest.raises(ValidationError):
        services.update_version(version=version, title="Rewritten")
    with pytest.raises(ValidationError):
        services.set_sections(version=version, sections=[{"heading": "New", "body": "text"}])
    with pytest.raises(ValidationError):
        Section.objects.create(version=version, heading="Sneaked in", body="x")
    section = version.sections.first()
    section.body = "changed behind the services' back"
    with pytest.raises(ValidationError):
        section.save()
    version.refresh_from_db()
    assert version.title == "Coaching across borders"
    assert list(version.sections.values_list("heading", "body")) == before


def test_editing_a_published_brief_starts_a_new_version_with_the_same_content():
    version = published()
    new = services.start_new_version(version=version, by=version.brief.author, change_note="Updated figures")
    assert (new.number, new.status, new.change_note) == (2, VersionStatus.DRAFT, "Updated figures")
    assert list(new.sections.values_list("heading", "body")) == list(version.sections.values_list("heading", "body"))
    assert new.recommendations.count() == 2 and new.evidence_blocks.count() == 1
    services.update_version(version=new, title="Coaching across borders, 2027")
    version.refresh_from_db()
    assert version.title == "Coaching across borders"
    with pytest.raises(ValidationError, match="already has a version"):
        services.start_new_version(version=version, by=version.brief.author)


def test_an_empty_brief_cannot_be_sent_for_review():
    version = draft(sections=[{"heading": "Only a heading", "body": ""}])
    with pytest.raises(ValidationError, match="at least one section"):
        services.submit_for_review(version=version, by=version.brief.author)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_an_unknown_evidence_block_is_refused_and_the_old_ones_stay():
    version = draft()
    with pytest.raises(ValidationError, match="Unknown evidence block"):
        services.set_evidence(version=version, blocks=[{"kind": "horoscope", "position": 1}])
    assert list(version.evidence_blocks.values_list("kind", flat=True)) == ["kpi_progress"]


def test_too_many_sections_or_oversized_text_are_refused():
    version = draft()
    with pytest.raises(ValidationError, match="at most"):
        services.set_sections(
            version=version, sections=[{"heading": f"S{i}", "body": "x"} for i in range(MAX_SECTIONS + 1)]
        )
    with pytest.raises(ValidationError, match="characters"):
        services.set_sections(version=version, sections=[{"heading": "Long", "body": "x" * 20_001}])
    assert version.sections.count() == 2


def test_comments_only_while_in_review():
    version = draft()
    with pytest.raises(ValidationError):
        services.add_comment(version=version, author=partner(), text="Too early")


def test_publishing_refuses_when_the_evidence_cannot_be_computed(monkeypatch):
    from policy import evidence

    version = in_review()

    def broken(*args, **kwargs):
        raise RuntimeError("provider down")

    monkeypatch.setitem(evidence.BUILDERS, "kpi_progress", broken)
    with pytest.raises(ValidationError, match="evidence could not be computed"):
        services.publish(version=version, by=version.brief.author)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW
    assert version.renditions.count() == 0


def test_a_download_is_counted_for_the_downloaders_organisation():
    version = published()
    reader = person("regional_authority", "SE224", org_kind="regional_authority")
    download = services.record_download(version=version, user=reader)
    assert download.organisation == reader.memberships.get().organisation
    assert BriefVersion.objects.get(pk=version.pk).downloads.count() == 1
