"""Briefs in each state, written through the services like a partner would."""

from policy import services
from tests.factories import person

LETTERS = "å ä ö æ ø ą č ę ė į š ų ū ž"


def partner(**kwargs):
    return person("partner", org_kind="partner", **kwargs)


def draft(author=None, *, title="Coaching across borders", sections=None, blocks=None, recommendations=None, **fields):
    author = author or partner()
    version = services.create_brief(
        author=author,
        title=title,
        summary=fields.pop("summary", "Why transnational coaching and test access matter."),
        language=fields.pop("language", "en"),
        scope=fields.pop("scope", "transnational"),
        **fields,
    )
    services.set_sections(
        version=version,
        sections=sections
        if sections is not None
        else [
            {"heading": "Context", "body": "Bio-economy SMEs need **test facilities** abroad."},
            {"heading": "Findings", "body": "- coaching works\n- test access is scarce"},
        ],
    )
    services.set_recommendations(
        version=version,
        recommendations=recommendations
        if recommendations is not None
        else [
            {"text": "Fund cross-border vouchers.", "level": "eu", "addressee": "European Commission"},
            {"text": "Open regional pilot plants.", "level": "regional", "addressee": "Region Skåne"},
        ],
    )
    services.set_evidence(
        version=version,
        blocks=blocks if blocks is not None else [{"kind": "kpi_progress", "position": 1, "caption": "Progress"}],
    )
    return version


def in_review(author=None, **kwargs):
    version = draft(author, **kwargs)
    return services.submit_for_review(version=version, by=version.brief.author)


def published(author=None, **kwargs):
    version = in_review(author, **kwargs)
    return services.publish(version=version, by=version.brief.author)
