"""Regions URLs and the regions API: who may do what. Region A is SE224 (authority_skane's),
region B LT011 (authority_vilnius'); see tests/url_matrix.py."""

from pathlib import Path

from regions import services
from regions.models import PolicyLearningActivity, RegionalStatistic, StatisticIndicator, StatisticsImport
from tests.url_matrix import AUTHORITIES, FACILITATORS, NOT_ALLOWED, SIGNED_IN, Call, Expect, sample_upload

DASHBOARD = FACILITATORS | {"authority_skane", "authority_vilnius", "partner", "admin"}
IMPORTERS = frozenset({"partner", "admin"})
POLICY_LEARNING = FACILITATORS | {"partner", "admin"}
RECORDS_POLICY_LEARNING = POLICY_LEARNING | AUTHORITIES
EDITS_REGION_A = frozenset({"authority_skane", "admin"})
SAMPLE = Path(services.__file__).resolve().parent / "data" / "statistics_sample.csv"


def build(world):
    services.save_profile(
        region=world.region_a,
        changed_by=None,
        summary="Skåne's S3",
        strategy_url="",
        needs=[],
        priorities=[],
        contacts=[],
    )
    world.statistics_batch = StatisticsImport.objects.create(uploaded_by=world.people["partner"], filename="x.csv")
    world.statistic = RegionalStatistic.objects.create(
        region=world.region_a, indicator=StatisticIndicator.objects.order_by("code").first(), year=2024, value=1
    )


def _region_a(world):
    return {"code": world.region_a.code}


def _batch(world):
    return {"pk": world.statistics_batch.pk}


def _profile_form(world, role):
    management = {
        f"{prefix}-{key}": 0 for prefix in ("priorities", "contacts") for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return {"summary": "A new summary", "strategy_url": "", **management}


def _activity(world, role):
    kind = PolicyLearningActivity._meta.get_field("kind").choices[0][0]
    return {"title": "Peer review", "kind": kind, "date": "2026-10-01", "description": "Learning together."}


URLS = {
    "regions:list": Expect(get=SIGNED_IN),
    "regions:compare": Expect(get=SIGNED_IN, query={"a": "SE224", "b": "LT011"}),
    "regions:matrix": Expect(get=SIGNED_IN),
    "regions:domains": Expect(get=SIGNED_IN),
    "regions:domain_detail": Expect(kwargs=lambda w: {"code": "BIO"}, get=SIGNED_IN),
    "regions:dashboard": Expect(get=DASHBOARD),
    # A POST asks for the file in the background (bsrstars.downloads): a job row for the worker.
    "regions:dashboard_export": Expect(kwargs=lambda w: {"fmt": "csv"}, get=DASHBOARD, post=DASHBOARD),
    "regions:statistics": Expect(get=SIGNED_IN),
    "regions:statistics_import": Expect(
        get=IMPORTERS, post=Call(IMPORTERS, data=lambda w, r: {"file": sample_upload(SAMPLE, "stats.csv")})
    ),
    "regions:statistics_sample": Expect(get=IMPORTERS),
    "regions:statistics_import_preview": Expect(kwargs=_batch, get=IMPORTERS),
    "regions:statistics_import_confirm": Expect(kwargs=_batch, get=NOT_ALLOWED, post=IMPORTERS),
    "regions:policy_learning": Expect(get=SIGNED_IN),
    "regions:policy_learning_new": Expect(
        get=RECORDS_POLICY_LEARNING, post=Call(RECORDS_POLICY_LEARNING, data=_activity)
    ),
    "regions:detail": Expect(kwargs=_region_a, get=SIGNED_IN),
    "regions:profile_edit": Expect(kwargs=_region_a, get=EDITS_REGION_A, post=Call(EDITS_REGION_A, data=_profile_form)),
    "regions:profile_history": Expect(kwargs=_region_a, get=SIGNED_IN),
    "regions:structural": Expect(kwargs=_region_a, get=SIGNED_IN),
    # API
    "kpis": Expect(get=DASHBOARD),
    "region-list": Expect(get=SIGNED_IN),
    "region-detail": Expect(kwargs=_region_a, get=SIGNED_IN),
    "s3domain-list": Expect(get=SIGNED_IN),
    "s3domain-detail": Expect(kwargs=lambda w: {"code": "BIO"}, get=SIGNED_IN),
    "region-profile-list": Expect(get=SIGNED_IN),
    "region-profile-detail": Expect(kwargs=_region_a, get=SIGNED_IN),
    "statistic-list": Expect(get=SIGNED_IN),
    "statistic-detail": Expect(kwargs=lambda w: {"pk": w.statistic.pk}, get=SIGNED_IN),
}
