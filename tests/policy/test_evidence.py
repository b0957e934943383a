"""Evidence blocks read whatever KPIs are registered and the regions' data, never a domain app."""

import pytest

from bsrstars import kpis
from policy import evidence, rendering, services
from policy.models import EvidenceBlock
from regions.models import Region, RegionalStatistic, StatisticIndicator
from tests.policy.factories import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def coaching_kpi():
    """As the coaching module will register it: the brief knows nothing else about coaching."""
    value = kpis.KPIValue("coaching.sessions", total=42, by_country={"DK": 30, "SE": 12})
    kpis.register(kpis.KPIProvider("coaching.sessions", "Coaching sessions held", "sessions", lambda p: value))
    yield
    kpis.registry.unregister("coaching.sessions")


def test_outcomes_pick_up_a_newly_registered_module(coaching_kpi):
    version = draft(blocks=[{"kind": "outcomes", "position": 1}])
    rows = evidence.collect(version)["blocks"][0]["data"]["outcomes"]
    coaching = next(r for r in rows if r["code"] == "coaching.sessions")
    assert coaching == {
        "code": "coaching.sessions",
        "module": "coaching",
        "name": "Coaching sessions held",
        "unit": "sessions",
        "total": 42.0,
        "by_country": {"DK": 30.0, "SE": 12.0},
    }
    assert "Coaching sessions held" in rendering.body_html(version, evidence.collect(version))


def test_regional_statistics_chart_of_the_briefs_regions():
    skane, vilnius = Region.objects.get(code="SE224"), Region.objects.get(code="LT011")
    indicator = StatisticIndicator.objects.order_by("code").first()
    RegionalStatistic.objects.create(region=skane, indicator=indicator, year=2024, value=120)
    RegionalStatistic.objects.create(region=vilnius, indicator=indicator, year=2024, value=80)
    version = draft(
        regions=[skane, vilnius],
        blocks=[{"kind": "regional_statistics", "position": 1, "params": {"indicator": indicator.code}}],
    )
    data = evidence.collect(version)["blocks"][0]["data"]
    assert data["year"] == 2024
    assert [(v["region"]["code"], v["value"]) for v in data["values"]] == [("LT011", 80.0), ("SE224", 120.0)]
    html = rendering.body_html(version, evidence.collect(version))
    assert "<svg" in html and skane.name in html


def test_complementarity_matrix_covers_every_pair_of_the_briefs_regions():
    regions = list(Region.objects.filter(is_partner=True))
    version = draft(regions=regions, blocks=[{"kind": "complementarity", "position": 1}])
    data = evidence.collect(version)["blocks"][0]["data"]
    assert len(data["matrix"]) == len(regions)
    assert all(len(row["values"]) == len(regions) for row in data["matrix"])
    assert [row["values"][i] for i, row in enumerate(data["matrix"])] == [None] * len(regions)


def test_a_stored_block_of_unknown_kind_is_reported_not_rendered_and_fails_a_rendering():
    version = draft()
    EvidenceBlock.objects.create(version=version, kind="horoscope", position=1)  # e.g. from an old release
    snapshot = evidence.collect(version)
    assert snapshot["blocks"][-1]["error"] == "unknown evidence kind 'horoscope'"
    assert "These figures could not be computed." in rendering.body_html(version, snapshot)  # the preview
    with pytest.raises(ValueError):
        evidence.collect(version, strict=True)
    rendition = services.request_rendering(version=version, by=version.brief.author)
    assert services.render_rendition(rendition_id=rendition.pk) == "failed"
    rendition.refresh_from_db()
    assert "horoscope" in rendition.last_error
