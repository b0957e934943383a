"""Demo S3 profiles of the five partner regions, two years of regional statistics, policy-learning
activities and a year of monthly KPI snapshots."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bsrstars.accounts.models import Organisation, User

from . import services
from .models import (
    KPIDefinition,
    KPIRegionTarget,
    PolicyLearningActivity,
    Region,
    RegionalStatistic,
    RegionProfile,
    S3Domain,
    StatisticIndicator,
)

# region: (summary, strategy link, needs, [(title, strength, domains, nace)], contact)
PROFILES = {
    "SE224": (
        "Skåne's S3 builds on life science, food and smart materials, with a strong circular-economy agenda.",
        "https://www.skane.se/s3",
        ["BIO.BLUE", "DIG.TRACE"],
        [
            ("Food and agri-food innovation", 5, ["BIO.FOOD"], ["C10", "A01"]),
            ("Smart materials and circular packaging", 4, ["CIRC.MATERIALS", "BIO.CHEM"], ["C22"]),
            ("Life science and biotechnology", 5, ["BIO.TECH"], ["C21", "M72.1"]),
            ("Digital tools for industry", 3, ["DIG.DATA", "DIG.IOT"], ["J62"]),
        ],
        ("Anna Lindqvist", "S3 coordinator", "authority.skane@example.org"),
    ),
    "DK01": (
        "Greater Copenhagen focuses on life science, cleantech and digital technologies.",
        "https://www.regionh.dk/s3",
        ["BIO.FOREST"],
        [
            ("Life science and health biotech", 5, ["BIO.TECH"], ["C21"]),
            ("Water technology and nutrient recovery", 5, ["CIRC.WATER"], ["E36", "E37"]),
            ("Circular design and construction", 4, ["CIRC.DESIGN", "CIRC.CONSTRUCT"], ["F41", "M74.1"]),
            ("Data and AI", 4, ["DIG.DATA"], ["J62", "J63"]),
        ],
        ("Mette Holm", "Business development", "s3@regionh.example"),
    ),
    "FI197": (
        "Pirkanmaa combines forest-based value chains with automation and industrial digitalisation.",
        "https://www.pirkanmaa.fi/s3",
        ["BIO.BLUE", "CIRC.WATER"],
        [
            ("Forest-based bio-economy", 5, ["BIO.FOREST", "BIO.CHEM"], ["C16", "C17"]),
            ("Automation and robotics", 5, ["DIG.AUTOMATION"], ["C28"]),
            ("Circular construction", 3, ["CIRC.CONSTRUCT"], ["F41"]),
            ("Data-driven services", 3, ["DIG.DATA"], ["J62"]),
        ],
        ("Mikko Virtanen", "Innovation director", "facilitator@example.org"),
    ),
    "LT011": (
        "Vilnius builds on biotechnology, lasers and ICT, and seeks partners in circular economy.",
        "https://www.vilnius.lt/s3",
        ["CIRC.WASTE", "CIRC.MATERIALS", "BIO.FOOD"],
        [
            ("Biotechnology and life science", 4, ["BIO.TECH"], ["C21", "M72.1"]),
            ("ICT and data services", 4, ["DIG.DATA", "DIG.TRACE"], ["J62", "J63"]),
            ("Food processing", 2, ["BIO.FOOD"], ["C10"]),
            ("Waste and recycling", 1, ["CIRC.WASTE"], ["E38"]),
        ],
        ("Rūta Kazlauskienė", "Head of economic development", "authority.vilnius@example.org"),
    ),
    "NO060": (
        "Trøndelag's strengths are ocean industries, aquaculture and bio-based value chains.",
        "https://www.trondelagfylke.no/s3",
        ["DIG.AUTOMATION", "CIRC.DESIGN"],
        [
            ("Ocean and aquaculture", 5, ["BIO.BLUE"], ["A03"]),
            ("Bio-based industries", 4, ["BIO.FOREST", "BIO.ENERGY"], ["C16", "D35"]),
            ("Food from land and sea", 4, ["BIO.FOOD", "BIO.BLUE"], ["C10"]),
            ("Sensor technology", 3, ["DIG.IOT"], ["C26"]),
        ],
        ("Ingrid Solberg", "Regional advisor", "operator@example.org"),
    ),
}

# indicator: {country: (low, high)} for plausible values
RANGES = {
    "emp-manufacturing": {"SE": (8, 18), "DK": (7, 15), "FI": (10, 20), "LT": (12, 22), "NO": (6, 12)},
    "emp-agri-forest-fish": {"SE": (1, 6), "DK": (1, 5), "FI": (2, 8), "LT": (3, 10), "NO": (2, 9)},
    "rd-expenditure": {"SE": (1.0, 4.5), "DK": (1.0, 4.0), "FI": (1.0, 4.2), "LT": (0.4, 1.8), "NO": (0.8, 3.0)},
    "gdp-per-capita": {
        "SE": (27000, 48000),
        "DK": (28000, 52000),
        "FI": (26000, 42000),
        "LT": (18000, 34000),
        "NO": (36000, 60000),
    },
    "enterprises": {
        "SE": (8000, 120000),
        "DK": (6000, 90000),
        "FI": (5000, 70000),
        "LT": (4000, 60000),
        "NO": (5000, 80000),
    },
}
YEARS = (2023, 2024)


def _profiles():
    domains = {d.code: d for d in S3Domain.objects.all()}
    for code, (summary, url, needs, priorities, contact) in PROFILES.items():
        region = Region.objects.get(code=code)
        if RegionProfile.objects.filter(region=region).exists():
            continue
        authority = User.objects.filter(role_assignments__region=region).first()
        services.save_profile(
            region=region,
            changed_by=authority,
            summary=summary,
            strategy_url=url,
            needs=[domains[c] for c in needs],
            priorities=[
                {"title": t, "strength": s, "domains": [domains[c] for c in ds], "nace_codes": n}
                for t, s, ds, n in priorities
            ],
            contacts=[{"name": contact[0], "role": contact[1], "email": contact[2], "phone": ""}],
        )


def _statistics():
    indicators = {i.code: i for i in StatisticIndicator.objects.all()}
    if RegionalStatistic.objects.exists():
        return
    rows = []
    for region in Region.objects.filter(level=3).order_by("code"):
        rng = random.Random(region.code)  # noqa: S311 -- deterministic demo values, not security
        for code, ranges in RANGES.items():
            low, high = ranges[region.country]
            base = rng.uniform(low, high)
            for offset, year in enumerate(YEARS):
                value = base * (1 + 0.02 * offset)
                rows.append(
                    RegionalStatistic(
                        region=region,
                        indicator=indicators[code],
                        year=year,
                        source="Demo data (plausible, not official)",
                        value=Decimal(f"{value:.2f}") if value < 1000 else Decimal(round(value)),
                    )
                )
    RegionalStatistic.objects.bulk_create(rows)


def _policy_learning():
    if PolicyLearningActivity.objects.exists():
        return
    skane = Organisation.objects.get(name="Region Skåne")
    vilnius = Organisation.objects.get(name="Vilniaus miesto savivaldybės administracija")
    facilitator = User.objects.get(email="facilitator@example.org")
    today = timezone.localdate()
    services.record_policy_learning(
        title="Peer review: circular economy in Vilnius S3",
        kind="peer_review",
        day=today - timedelta(days=120),
        host_region=Region.objects.get(code="LT011"),
        description="Partners reviewed Vilnius' circular priorities.",
        participants=[skane, vilnius],
        created_by=facilitator,
    )
    services.record_policy_learning(
        title="Study visit to Tampere's automation test beds",
        kind="study_visit",
        day=today - timedelta(days=40),
        host_region=Region.objects.get(code="FI197"),
        description="",
        participants=[vilnius],
        created_by=facilitator,
    )


def _regional_targets():
    definition = KPIDefinition.objects.filter(code="smes-events").first()
    if definition is None:
        return
    for region in Region.objects.filter(is_partner=True):
        KPIRegionTarget.objects.get_or_create(definition=definition, region=region, defaults={"target": 80})


def seed(stdout):
    _profiles()
    _statistics()
    _policy_learning()
    _regional_targets()
    stdout.write(f"regions: {len(PROFILES)} partner-region profiles, statistics for {len(YEARS)} years.")


def seed_last(stdout):
    """Monthly snapshots for the past twelve months, from the data every module has seeded."""
    month = timezone.localdate().replace(day=1)
    created = 0
    for _ in range(12):
        month = services.previous_month(month)
        created += services.take_kpi_snapshots(month=month)
    stdout.write(f"regions: {created} KPI snapshots stored.")
