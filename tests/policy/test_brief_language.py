"""A brief's fixed texts are in the brief's own language, whatever the reader's (the PDF's HTML source)."""

import pytest
from django.utils import translation

from policy import rendering
from tests.policy.factories import published

pytestmark = pytest.mark.django_db

BLOCKS = [
    {"kind": "kpi_progress", "position": 1, "caption": ""},
    {"kind": "outcomes", "position": 2, "caption": ""},
]

# The brief's own headings, captions, scope, levels and table headers, and the English they replace.
EXPECTED = {
    "sv": ["Innehåll", "Rekommendationer", "Källor", "Transnationell", "EU-nivå", "Regional nivå", "Delmål",
           "Tabell och diagram över KPI-utveckling", "Genomförda coachningstimmar (bekräftade)"],
    "lt": ["Turinys", "Rekomendacijos", "Šaltiniai", "Tarptautinis", "ES lygmuo", "Regioninis lygmuo",
           "Tarpinė reikšmė", "KPI pažangos lentelė ir diagrama", "Suteiktos konsultavimo valandos (patvirtintos)"],
}  # fmt: skip
ENGLISH = ["Contents", "Recommendations", "Sources", "Transnational", "EU level", "Regional level", "Milestone",
           "KPI progress table and chart", "Coaching hours delivered (confirmed)"]  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "lt"])
@pytest.mark.parametrize("reader_language", ["en", "fi"])
def test_the_documents_fixed_texts_follow_the_briefs_language(language, reader_language):
    with translation.override("en"):  # an English-speaking partner publishes it: the snapshot is frozen then
        version = published(language=language, blocks=BLOCKS)
    with translation.override(reader_language):
        html = rendering.print_html(version, version.snapshot)
    for text in EXPECTED[language]:
        assert text in html
    for text in ENGLISH:
        assert text not in html
    assert translation.get_language() == "en"  # the reader's language is left as it was
