"""Demo test facilities: seven fictional pilot and demonstration facilities in the five partner
countries, modelled on the kinds that exist in the Baltic Sea Region (biorefinery pilot halls,
fermentation scale-up, marine biomass, food and feed pilots, bio-based materials, pyrolysis,
analytics). Names, capacities and prices are demo values, not offers or claims about any real
organisation. An open voucher call; applications at each review step; completed accesses with
usage reports; the demo operator (operator@example.org) has an application to review.

Everything goes through the services while it lies in the future; completed accesses are then
moved into the past (the only direct write here: demo dates)."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from bsrstars.accounts.models import Organisation, OrganisationKind, User
from bsrstars.accounts.services import create_organisation
from regions.models import Region, S3Domain
from smes.services import is_eligible_sme

from . import services
from .models import AccessApplication, ApplicationEvent, Facility, TimeBlock

DEMO_NOTE = "Demo entry: names, capacities and indicative prices are illustrative values, not an offer."
CALL_TITLE = "Transnational access vouchers 2026–2027 (demo)"

# (facility, operator organisation or None for the demo operator's, country, NUTS 3, time zone,
#  description, [(unit, process type, scale, feedstocks, capacity, EUR/day, buffer h, min, max, domains)])
FACILITIES = [
    (
        "Trøndelag Biorefinery Pilot Hall (demo)",
        None,
        "NO",
        "NO060",
        "Europe/Oslo",
        "Pilot hall for turning forest and agricultural residues into sugars, lignin and fermentation products.",
        [
            (
                "Lignocellulose pretreatment line",
                "biorefining",
                "pilot",
                "spruce sawdust, straw, bark",
                "50 kg/h",
                "2400",
                12,
                2,
                20,
                "BIO.FOREST",
            ),
            (
                "Pilot fermentation line 1,000 L",
                "fermentation",
                "pilot",
                "sugars, whey, glycerol",
                "1,000 L",
                "1800",
                24,
                3,
                30,
                "BIO.CHEM",
            ),
        ],
    ),
    (
        "Trondheim Marine Biomass Lab (demo)",
        None,
        "NO",
        "NO060",
        "Europe/Oslo",
        "Extraction and fractionation of seaweed and fish side-streams at lab and small pilot scale.",
        [
            (
                "Seaweed and side-stream extraction",
                "extraction",
                "pilot",
                "kelp, fish heads, shrimp shells",
                "200 L",
                "1500",
                8,
                1,
                14,
                "BIO.BLUE",
            ),
        ],
    ),
    (
        "Skåne Food and Feed Pilot Plant (demo)",
        "Demo Food Pilot Skåne AB",
        "SE",
        "SE224",
        "Europe/Stockholm",
        "Pilot lines for plant-protein foods, drying and extrusion, for companies scaling up new foods.",
        [
            (
                "Spray dryer",
                "food",
                "pilot",
                "plant-protein concentrates, milk",
                "25 kg/h water evaporation",
                "1600",
                6,
                1,
                10,
                "BIO.FOOD",
            ),
            (
                "High-moisture extruder",
                "food",
                "demo",
                "pea, faba bean, oat protein",
                "150 kg/h",
                "2100",
                8,
                1,
                10,
                "BIO.FOOD",
            ),
        ],
    ),
    (
        "Copenhagen Bioprocess Scale-up Facility (demo)",
        "Demo Bioprocess Copenhagen ApS",
        "DK",
        "DK011",
        "Europe/Copenhagen",
        "Fermentation scale-up from bench to pilot and downstream processing for biomanufacturing start-ups.",
        [
            (
                "Fermenters 10–300 L",
                "fermentation",
                "pilot",
                "defined media, sugars, side-streams",
                "10–300 L",
                "1900",
                24,
                2,
                21,
                "BIO.CHEM",
            ),
            (
                "Downstream processing suite",
                "extraction",
                "pilot",
                "fermentation broths",
                "300 L batches",
                "1400",
                4,
                1,
                14,
                "BIO.CHEM",
            ),
        ],
    ),
    (
        "Tampere Bio-based Materials Pilot (demo)",
        "Demo Materials Pilot Tampere Oy",
        "FI",
        "FI197",
        "Europe/Helsinki",
        "Pilot lines for fibre-based packaging and biocomposites.",
        [
            (
                "Fibre foam forming line",
                "materials",
                "pilot",
                "pulp, recycled fibre",
                "0.5 m wide web",
                "2200",
                12,
                1,
                10,
                "CIRC.DESIGN",
            ),
            (
                "Biocomposite compounding and moulding",
                "materials",
                "demo",
                "PLA, wood flour, flax",
                "30 kg/h",
                "1700",
                4,
                1,
                10,
                "CIRC.DESIGN",
            ),
        ],
    ),
    (
        "Pirkanmaa Biochar Demo Plant (demo)",
        "Demo Biochar Pirkanmaa Oy",
        "FI",
        "FI197",
        "Europe/Helsinki",
        "Slow pyrolysis of residues into biochar, with analysis of the char and its condensates.",
        [
            (
                "Slow pyrolysis reactor",
                "thermochemical",
                "demo",
                "wood chips, digestate, husks",
                "200 kg/h",
                "2600",
                24,
                2,
                14,
                "CIRC.WASTE",
            ),
        ],
    ),
    (
        "Vilnius Biotechnology Analytics and Algae Lab (demo)",
        "Demo Bioanalytics Vilnius UAB",
        "LT",
        "LT011",
        "Europe/Vilnius",
        "Analytics for bio-based products and photobioreactors for microalgae cultivation trials.",
        [
            ("Analytics lab (HPLC, GC-MS)", "analytics", "lab", "any", "20 samples a day", "650", 0, 1, 15, "BIO.CHEM"),
            (
                "Microalgae photobioreactors",
                "algae",
                "pilot",
                "CO2, digestate, wastewater",
                "4 × 500 L",
                "900",
                24,
                5,
                30,
                "BIO.BLUE",
            ),
        ],
    ),
]


def _start(day: int, zone: str, hour: int = 8) -> datetime:
    date = timezone.localdate() + timedelta(days=day)
    return datetime.combine(date, time(hour), tzinfo=ZoneInfo(zone))


def _operator_organisation(name, country, region):
    existing = Organisation.objects.filter(name=name, kind=OrganisationKind.FACILITY_OPERATOR).first()
    if existing:
        return existing
    return create_organisation(name=name, kind=OrganisationKind.FACILITY_OPERATOR, country=country, region=region)


def _facilities(operator: User, admin: User) -> dict[str, object]:
    units = {}
    demo_operator_org = operator.memberships.get().organisation
    domains = {d.code: d for d in S3Domain.objects.all()}
    for name, org_name, country, region_code, zone, description, unit_rows in FACILITIES:
        region = Region.objects.get(code=region_code)
        organisation = demo_operator_org if org_name is None else _operator_organisation(org_name, country, region)
        facility = services.create_facility(
            by=operator if org_name is None else admin,
            operator=organisation,
            name=name,
            country=country,
            region=region,
            description=description,
            website="https://facility-demo.example",
            access_conditions=DEMO_NOTE
            + " Access by agreement; the SME's staff work with the facility's operators on site.",
            timezone=zone,
        )
        for unit_name, process, scale, feedstocks, capacity, price, buffer, low, high, domain in unit_rows:
            unit = services.create_unit(
                facility=facility,
                name=unit_name,
                description=f"{unit_name}. {DEMO_NOTE}",
                process_type=process,
                scale=scale,
                feedstocks=feedstocks,
                capacity=capacity,
                price_per_day=Decimal(price),
                buffer_hours=buffer,
                min_days=low,
                max_days=high,
                domains=[domains[domain]] if domain in domains else [],
            )
            services.add_blackout(
                unit=unit,
                by=operator if org_name is None else admin,
                start=_start(45, zone),
                end=_start(48, zone),
                reason="Annual maintenance",
            )
            units[unit_name] = unit
    return units


def _application(call, unit, person, *, days: int, amount: str, project: str, results: str):
    company = next(
        (
            m.organisation
            for m in person.memberships.select_related("organisation__sme_profile")
            if is_eligible_sme(m.organisation)
        ),
        None,
    )
    if company is None:
        return None
    start = timezone.localdate() + timedelta(days=14)
    return services.save_draft(
        applicant=person,
        company=company,
        call=call,
        facility=unit.facility,
        units=[unit],
        project_description=project,
        expected_results=results,
        desired_start=start,
        desired_end=start + timedelta(days=60),
        duration_days=days,
        requested_amount=Decimal(amount),
        de_minimis_declared=True,
        de_minimis_received=Decimal("15000"),
    )


def _review(application, by, *, day: int, days: int, price: str):
    zone = application.facility.timezone
    services.submit_application(application=application, by=application.applicant)
    return services.review_application(
        application=application,
        by=by,
        feasible=True,
        proposed_start=_start(day, zone),
        proposed_end=_start(day + days, zone, hour=16),
        proposed_price=Decimal(price),
        comment="Feasible with our standard set-up.",
    )


def _into_the_past(application, *, ended_days_ago: int) -> None:
    """Move a booked access back in time: bookings and the dates of its steps (demo dates)."""
    application = AccessApplication.objects.get(pk=application.pk)
    first = TimeBlock.objects.filter(application=application).order_by("end").last()
    shift = first.end - (timezone.now() - timedelta(days=ended_days_ago))
    for block in TimeBlock.objects.filter(application=application):
        TimeBlock.objects.filter(pk=block.pk).update(
            start=block.start - shift, end=block.end - shift, blocked_until=block.blocked_until - shift
        )
    AccessApplication.objects.filter(pk=application.pk).update(
        proposed_start=application.proposed_start - shift,
        proposed_end=application.proposed_end - shift,
        created_at=application.created_at - shift - timedelta(days=30),
        submitted_at=application.submitted_at - shift - timedelta(days=25),
        reviewed_at=application.reviewed_at - shift - timedelta(days=20),
        decided_at=application.decided_at - shift - timedelta(days=15),
    )
    for step in ApplicationEvent.objects.filter(application=application):
        ApplicationEvent.objects.filter(pk=step.pk).update(at=step.at - shift - timedelta(days=15))


def seed(stdout):
    if Facility.objects.filter(name=FACILITIES[0][0]).exists():
        stdout.write("testbeds: demo facilities exist already.")
        return
    operator = User.objects.get(email="operator@example.org")
    admin = User.objects.get(email="admin@example.org")
    sme, sme2 = User.objects.get(email="sme@example.org"), User.objects.get(email="sme2@example.org")
    others = list(User.objects.filter(email__in=["participant1@example.org", "participant3@example.org"]))
    units = _facilities(operator, admin)
    today = timezone.localdate()
    call = services.open_call(
        by=admin,
        title=CALL_TITLE,
        description="Vouchers for SMEs testing at a bio-economy facility in another partner country. Demo values.",
        opens=today - timedelta(days=150),
        closes=today + timedelta(days=120),
        max_amount=Decimal("10000"),
        max_projects=10,
        total_budget=Decimal("100000"),
        cofinancing_rate=80,
        transnational_only=True,
    )
    made = 0

    def apply(unit_name, person, **kwargs):
        nonlocal made
        try:
            application = _application(call, units[unit_name], person, **kwargs) if person else None
        except ValidationError as exc:  # e.g. a demo company from the facility's own country
            stdout.write(f"testbeds: no demo application of {person} for {unit_name}: {exc.messages[0]}")
            return None
        made += application is not None
        return application

    # For the demo operator to review (Skåne company → Norwegian pilot hall).
    if a := apply(
        "Lignocellulose pretreatment line",
        sme,
        days=5,
        amount="8000",
        project="Pretreat spruce bark to test our algae growth medium on hydrolysate.",
        results="Sugar yield and inhibitor levels at 50 kg/h.",
    ):
        services.submit_application(application=a, by=sme)
    # Waiting for the programme's decision (Vilnius company → Norwegian fermentation line).
    if a := apply(
        "Pilot fermentation line 1,000 L",
        sme2,
        days=4,
        amount="6000",
        project="Scale our enzyme fermentation from 20 L to 1,000 L.",
        results="Titre, productivity and a first cost estimate at pilot scale.",
    ):
        _review(a, operator, day=30, days=4, price="8000")
    # A draft (Skåne company → Copenhagen fermenters).
    apply(
        "Fermenters 10–300 L",
        sme,
        days=3,
        amount="5000",
        project="Test a microalgae-derived feed additive in a fermentation medium.",
        results="Growth curves at 300 L.",
    )
    # Not feasible (Vilnius company → Skåne spray dryer).
    if a := apply(
        "Spray dryer",
        sme2,
        days=2,
        amount="3000",
        project="Dry a viscous enzyme concentrate.",
        results="A stable powder.",
    ):
        services.submit_application(application=a, by=sme2)
        services.review_application(
            application=a,
            by=admin,
            feasible=False,
            comment="The concentrate's viscosity is beyond what the nozzle takes.",
        )
    # Rejected (a demo company → Tampere fibre foam line).
    if others and (
        a := apply(
            "Fibre foam forming line",
            others[0],
            days=3,
            amount="6000",
            project="Foam-formed insulation from recycled fibre.",
            results="Density and strength.",
        )
    ):
        _review(a, admin, day=35, days=3, price="7000")
        services.decide_application(
            application=a,
            by=admin,
            approve=False,
            reason="The company received the same support from another programme.",
        )
    # Approved, coming up (Vilnius company → Tampere biocomposites).
    if a := apply(
        "Biocomposite compounding and moulding",
        sme2,
        days=3,
        amount="4000",
        project="Mould flax-reinforced parts from our bio-based resin.",
        results="Test parts.",
    ):
        _review(a, admin, day=21, days=3, price="5100")
        services.decide_application(application=a, by=admin, approve=True, amount=Decimal("4000"))
    # Completed with a confirmed usage report (Skåne company → Vilnius photobioreactors).
    if a := apply(
        "Microalgae photobioreactors",
        sme,
        days=10,
        amount="7200",
        project="Cultivate our Nannochloropsis strain on digestate.",
        results="Biomass yield on digestate.",
    ):
        _review(a, admin, day=15, days=10, price="9000")
        services.decide_application(application=a, by=admin, approve=True, amount=Decimal("7200"))
        _into_the_past(a, ended_days_ago=40)
        report = services.submit_usage_report(
            application=a,
            by=sme,
            what_was_tested="Growth of our strain on digestate in 4 × 500 L reactors.",
            results="0.4 g/L/day; lipid share 28 %.",
            plans_scale_up=True,
            plans_cooperation=True,
            follow_up="A joint application with the lab for a 10 m³ demonstration.",
        )
        services.confirm_usage(report=report, by=admin, days_used=Decimal("10"), hours_used=Decimal("160"))
    # Completed, the time used not confirmed yet (Vilnius company → Copenhagen downstream suite).
    if a := apply(
        "Downstream processing suite",
        sme2,
        days=2,
        amount="2200",
        project="Recover our enzyme from a 300 L broth by microfiltration.",
        results="Recovery yield and purity.",
    ):
        _review(a, admin, day=16, days=2, price="2800")
        services.decide_application(application=a, by=admin, approve=True, amount=Decimal("2200"))
        _into_the_past(a, ended_days_ago=70)
        services.submit_usage_report(
            application=a,
            by=sme2,
            what_was_tested="Microfiltration and ultrafiltration of a 300 L enzyme broth.",
            results="82 % recovery at the target purity.",
            plans_investment=True,
            follow_up="We plan our own 1 m³ downstream line.",
        )
    # Ended, report overdue (a demo company → Norwegian marine lab): the reminder scan finds it.
    if len(others) > 1 and (
        a := apply(
            "Seaweed and side-stream extraction",
            others[1],
            days=3,
            amount="3600",
            project="Extract alginate from kelp for our packaging film.",
            results="Alginate yield and quality.",
        )
    ):
        _review(a, operator, day=18, days=3, price="4500")
        services.decide_application(application=a, by=admin, approve=True, amount=Decimal("3600"))
        _into_the_past(a, ended_days_ago=20)
    stdout.write(
        f"testbeds: {len(FACILITIES)} demo facilities, {len(units)} units, a voucher call, {made} applications."
    )
