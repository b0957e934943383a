"""Demo organisations and accounts (listed in README.md). Password: demo-bsr-2026."""

from allauth.account.models import EmailAddress

from bsrstars.notifications.models import Notification
from bsrstars.notifications.services import notify
from regions.models import Region

from . import roles, services
from .business_ids import canonical_business_id
from .models import Organisation, User

DEMO_PASSWORD = "demo-bsr-2026"

# (key, name, kind, country, NUTS-3 region, business ID) -- IDs pass python-stdnum's checks.
ORGANISATIONS = [
    ("secretariat", "BSR Stars S3 Programme Secretariat", "partner", "SE", "SE224", "5592345671"),
    ("region_skane", "Region Skåne", "regional_authority", "SE", "SE224", "2321000255"),
    ("vilnius", "Vilniaus miesto savivaldybės administracija", "regional_authority", "LT", "LT011", "188710061"),
    ("business_tampere", "Business Tampere Oy", "partner", "FI", "FI197", "2976540-2"),
    ("cph_hub", "Copenhagen Business Hub ApS", "partner", "DK", "DK011", "31234565"),
    ("trondelag_test", "Trøndelag Bioeconomy Test Centre AS", "facility_operator", "NO", "NO060", "923456783"),
    ("nordic_partners", "Nordic Innovation Partners ApS", "partner", "DK", "DK012", "31234573"),
    ("skane_algae", "Skåne Algae Solutions AB", "sme", "SE", "SE224", "5598765435"),
    ("vilnius_bio", "UAB Vilniaus biotechnologijos", "sme", "LT", "LT011", "304567891"),
]

# (email, full name, time zone, organisation key, role code or None, role region or None)
ACCOUNTS = [
    ("admin@example.org", "Astrid Programme-Admin", "Europe/Stockholm", "secretariat", roles.PROGRAMME_ADMIN, None),
    (
        "authority.skane@example.org",
        "Anna Lindqvist",
        "Europe/Stockholm",
        "region_skane",
        roles.REGIONAL_AUTHORITY,
        "SE224",
    ),
    (
        "authority.vilnius@example.org",
        "Rūta Kazlauskienė",
        "Europe/Vilnius",
        "vilnius",
        roles.REGIONAL_AUTHORITY,
        "LT011",
    ),
    ("facilitator@example.org", "Mikko Virtanen", "Europe/Helsinki", "business_tampere", roles.FACILITATOR, None),
    ("coach@example.org", "Mette Jensen", "Europe/Copenhagen", "cph_hub", roles.COACH, None),
    ("operator@example.org", "Ingrid Solberg", "Europe/Oslo", "trondelag_test", roles.FACILITY_OPERATOR, None),
    ("partner@example.org", "Lars Nielsen", "Europe/Copenhagen", "nordic_partners", roles.PARTNER, None),
    ("sme@example.org", "Erik Svensson", "Europe/Stockholm", "skane_algae", None, None),
    ("sme2@example.org", "Tomas Petrauskas", "Europe/Vilnius", "vilnius_bio", None, None),
]


def _organisation(name, kind, country, region_code, business_id):
    region = Region.objects.get(code=region_code)
    existing = Organisation.objects.filter(
        country=country, business_id=canonical_business_id(country, business_id)
    ).first()
    if existing:
        return existing
    return services.create_organisation(name=name, kind=kind, country=country, region=region, business_id=business_id)


def demo_user(email, full_name, tz="Europe/Stockholm"):
    """A demo account with the demo password, privacy consent and a verified email address
    (README: every demo account can log in at once). Idempotent."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, timezone=tz)
        services.record_privacy_consent(user=user)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(stdout):
    organisations = {key: _organisation(*rest) for key, *rest in ORGANISATIONS}
    for email, full_name, tz, org_key, role_code, region_code in ACCOUNTS:
        user = demo_user(email, full_name, tz)
        services.add_member(organisation=organisations[org_key], user=user, is_admin=True)
        if role_code == roles.PROGRAMME_ADMIN:
            services.make_superuser(user=user)
        if role_code:
            region = Region.objects.get(code=region_code) if region_code else None
            services.grant_role(user=user, role_code=role_code, region=region, email=False)
        if not Notification.objects.filter(recipient=user, kind="welcome").exists():
            notify(recipient=user, kind="welcome", payload={"name": full_name}, url="/", email=False)
    stdout.write(f"accounts: {len(ACCOUNTS)} demo accounts, {len(ORGANISATIONS)} organisations.")
