import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command

from bsrstars.accounts import rules as r
from bsrstars.accounts.business_ids import canonical_business_id
from bsrstars.accounts.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db

DEMO = {
    "admin@example.org": ("programme_admin", None),
    "authority.skane@example.org": ("regional_authority", "SE224"),
    "authority.vilnius@example.org": ("regional_authority", "LT011"),
    "facilitator@example.org": ("facilitator", "FI197"),
    "coach@example.org": ("coach", "DK011"),
    "operator@example.org": ("facility_operator", "NO060"),
    "partner@example.org": ("partner", None),
    "sme@example.org": (None, "SE224"),
    "sme2@example.org": (None, "LT011"),
}


def _counts():
    """Rows in every model's table (many-to-many tables too), so a new app's demo data is covered
    without anyone remembering to add it here."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_seed_demo_is_idempotent(demo_data):
    before = _counts()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert _counts() == before
    # nine demo accounts, a colleague asking to join, six event participants, a second coach
    assert before["accounts.User"] == 17
    seeded = {label for label, count in before.items() if count}
    for app in ("accounts", "smes", "events", "regions", "notifications", "coaching"):
        assert any(label.startswith(f"{app}.") for label in seeded), app


def test_seed_demo_accounts_have_their_roles_regions_and_verified_email(demo_data):
    for email, (role, org_region) in DEMO.items():
        user = User.objects.get(email=email)
        assert user.check_password("demo-bsr-2026"), email
        assert EmailAddress.objects.get(user=user).verified, email
        membership = Membership.objects.select_related("organisation__region").get(user=user)
        if org_region:
            assert membership.organisation.region.code == org_region, email
        if role:
            assert role in r.role_codes(user), email
    assert r.is_authority_for(
        User.objects.get(email="authority.skane@example.org"), Organisation.objects.get(name="Region Skåne").region
    )
    assert User.objects.get(email="admin@example.org").is_superuser
    assert r.is_sme_member(User.objects.get(email="sme@example.org"))
    assert Organisation.objects.get(memberships__user__email="sme2@example.org").country == "LT"


def test_seed_demo_organisations_have_valid_business_ids(demo_data):
    for organisation in Organisation.objects.all():
        assert canonical_business_id(organisation.country, organisation.business_id) == organisation.business_id


def test_seed_demo_refuses_when_debug_is_off_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 0
