"""Demo briefs: a published brief on transnational coaching and test access in the bio- and
circular economy (two published versions, both rendered), by partner@example.org; and a draft in
review by the programme admin, with open comments from the authorities, for the partner and the
authorities to review. Runs last: its evidence reads the other modules' figures."""

from bsrstars.accounts.models import User
from bsrstars.outbox.models import OutboxStatus
from regions.models import Region, S3Domain

from . import services
from .models import Brief, BriefVersion, Rendition

PUBLISHED_TITLE = "Crossing borders for growth: transnational coaching and test access in the bio- and circular economy"
REVIEW_TITLE = "Smart specialisation monitoring that regions can share"

SECTIONS = [
    (
        "Why transnational support",
        "Bio-economy SMEs in the Baltic Sea Region rarely find every competence or pilot plant they "
        "need at home. **Transnational coaching** and access to **test facilities abroad** shorten the "
        "way from lab to market.\n\n- coaches from another region bring contacts and markets\n"
        "- pilot plants are expensive and few: sharing them across borders pays",
    ),
    (
        "What the programme shows",
        "The figures below come from the portal itself: SMEs in matchmaking events, coaching and "
        "test access, and how the partner regions' smart-specialisation profiles complement each other.",
    ),
    (
        "Where regions complement each other",
        "Regions strong in *bio-based chemicals* can offer partners that **seek** them the pilot "
        "capacity they lack; the matrix shows the pairs with most to gain.",
    ),
    (
        "Barriers",
        "1. Vouchers stop at the border.\n2. Facilities publish no common catalogue.\n"
        "3. Coaching hours abroad are not recognised as co-financing.",
    ),
]
RECOMMENDATIONS = [
    (
        "Let innovation vouchers pay for coaching and test access in another programme region.",
        "regional",
        "Regional development agencies",
    ),
    ("Recognise transnational coaching hours as eligible co-financing.", "national", "Managing authorities"),
    (
        "Fund a shared catalogue and booking of bio-economy test facilities across the BSR.",
        "eu",
        "European Commission, Interreg BSR",
    ),
]
EVIDENCE = [
    {"kind": "kpi_progress", "position": 2, "caption": "Programme indicators against their targets"},
    {"kind": "outcomes", "position": 2},
    {"kind": "region_profiles", "position": 3},
    {"kind": "complementarity", "position": 3},
    {"kind": "regional_statistics", "position": 4},
]


def _write(version, sections=SECTIONS):
    services.set_sections(version=version, sections=[{"heading": h, "body": b} for h, b in sections])
    services.set_recommendations(
        version=version, recommendations=[{"text": t, "level": lv, "addressee": a} for t, lv, a in RECOMMENDATIONS]
    )
    services.set_evidence(version=version, blocks=EVIDENCE)


def _render_now(version) -> None:
    """The demo's PDFs exist at once, broker or not (the task then finds nothing to claim)."""
    for rendition in Rendition.objects.filter(version=version, status=OutboxStatus.PENDING):
        services.render_rendition(rendition_id=rendition.pk)


def _published(partner, admin, regions, domains):
    version = services.create_brief(
        author=partner,
        title=PUBLISHED_TITLE,
        summary="Transnational coaching and shared test facilities help bio- and circular-economy SMEs grow; "
        "three recommendations for regional, national and EU level.",
        language="en",
        scope="transnational",
        regions=regions,
        domains=domains,
    )
    _write(version)
    services.submit_for_review(version=version, by=partner)
    version = services.publish(version=version, by=partner)
    _render_now(version)
    second = services.start_new_version(
        version=version, by=partner, change_note="Barriers section rewritten after the Vilnius peer review."
    )
    sections = [*SECTIONS[:3], ("Barriers", SECTIONS[3][1] + "\n4. Test-facility calendars are not shared.")]
    services.set_sections(version=second, sections=[{"heading": h, "body": b} for h, b in sections])
    services.submit_for_review(version=second, by=partner)
    comment = services.add_comment(
        version=second,
        author=admin,
        text="Good: the fourth barrier came up twice in Vilnius.",
        section=second.sections.last(),
    )
    services.resolve_comment(comment=comment, by=partner)
    services.publish(version=second, by=partner)
    _render_now(second)


def _in_review(admin, authorities, regions):
    version = services.create_brief(
        author=admin,
        title=REVIEW_TITLE,
        summary="How partner regions could report S3 progress on common indicators.",
        language="en",
        scope="eu",
        regions=regions,
    )
    services.set_sections(
        version=version,
        sections=[
            {"heading": "Common indicators", "body": "Regions report the same **five** indicators every year."},
            {"heading": "Shared data", "body": "Statistics are imported once and compared across regions."},
        ],
    )
    services.set_recommendations(
        version=version,
        recommendations=[{"text": "Agree five common S3 indicators.", "level": "eu", "addressee": "DG REGIO"}],
    )
    services.set_evidence(version=version, blocks=[{"kind": "regional_statistics", "position": 2}])
    services.submit_for_review(version=version, by=admin)
    sections = list(version.sections.all())
    texts = ["Which five? Name them here.", "Skåne already imports these; say from which source."]
    for authority, section, text in zip(authorities, sections, texts, strict=False):
        services.add_comment(version=version, author=authority, text=text, section=section)


def seed_last(stdout):
    if BriefVersion.objects.filter(title=PUBLISHED_TITLE).exists():
        stdout.write("policy: demo briefs present.")
        return
    partner = User.objects.get(email="partner@example.org")
    admin = User.objects.get(email="admin@example.org")
    authorities = list(User.objects.filter(email__in=["authority.skane@example.org", "authority.vilnius@example.org"]))
    regions = list(Region.objects.filter(is_partner=True))
    domains = list(S3Domain.objects.filter(code__in=["BIO", "BIO.CHEM", "CIRC", "CIRC.WASTE"]))
    _published(partner, admin, regions, domains)
    _in_review(admin, authorities, regions)
    stdout.write(f"policy: {Brief.objects.count()} demo briefs (one published in two versions, one in review).")
