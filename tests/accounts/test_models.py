import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bsrstars.accounts import services
from bsrstars.accounts.models import Membership, Organisation, RoleAssignment, User
from tests.factories import OrganisationFactory, UserFactory, give_role, region

pytestmark = pytest.mark.django_db


def test_user_email_is_the_login_and_stored_lowercase():
    user = User.objects.create_user(email="Anna.Lindqvist@Example.ORG", password="x-long-password")
    assert user.email == "anna.lindqvist@example.org"
    assert User.USERNAME_FIELD == "email"


def test_user_email_unique_regardless_of_case_in_database():
    User.objects.create_user(email="a@example.org", password="pw-long-enough")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="A@EXAMPLE.ORG")


def test_organisation_business_id_unique_per_country_in_database():
    OrganisationFactory(country="SE", business_id="5560360793")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(country="SE", business_id="5560360793")
    # The same digits in another country are another company; empty IDs never clash.
    OrganisationFactory(country="NO", business_id="5560360793", region=region("NO060"))
    OrganisationFactory(business_id="")
    OrganisationFactory(business_id="")
    assert Organisation.objects.count() == 4


def test_create_organisation_canonicalises_id_and_makes_creator_admin():
    user = UserFactory()
    organisation = services.create_organisation(
        name="Algae AB", kind="sme", country="SE", region=region("SE224"), business_id="556036-0793", created_by=user
    )
    assert organisation.business_id == "5560360793"
    assert Membership.objects.get(user=user, organisation=organisation).is_admin is True


def test_create_organisation_refuses_region_of_another_country_and_saves_nothing():
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(name="X", kind="sme", country="SE", region=region("LT011"))
    assert "region" in excinfo.value.message_dict
    assert Organisation.objects.count() == 0


def test_create_organisation_refuses_invalid_business_id_with_field_error():
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(name="X", kind="sme", country="FI", region=region("FI197"), business_id="123")
    assert "business_id" in excinfo.value.message_dict
    assert Organisation.objects.count() == 0


def test_role_assignment_unique_per_user_role_and_region_in_database():
    user = UserFactory()
    give_role(user, "facilitator")
    with pytest.raises(IntegrityError), transaction.atomic():
        give_role(user, "facilitator")
    give_role(user, "regional_authority", "SE224")
    give_role(user, "regional_authority", "LT011")
    with pytest.raises(IntegrityError), transaction.atomic():
        give_role(user, "regional_authority", "LT011")
    assert RoleAssignment.objects.filter(user=user).count() == 3


def test_grant_role_regional_authority_needs_a_region():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.grant_role(user=user, role_code="regional_authority")
    with pytest.raises(ValidationError):
        services.grant_role(user=user, role_code="coach", region=region("SE224"))
    assert RoleAssignment.objects.filter(user=user).count() == 0


def test_grant_role_notifies_once_and_is_idempotent():
    user = UserFactory()
    services.grant_role(user=user, role_code="coach")
    services.grant_role(user=user, role_code="coach")
    assert list(user.notifications.values_list("kind", flat=True)) == ["role_granted"]
    assert RoleAssignment.objects.filter(user=user).count() == 1
