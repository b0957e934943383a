import pytest
from django.contrib.auth.models import AnonymousUser

from bsrstars.accounts import rules as r
from bsrstars.accounts.models import Organisation
from tests.factories import UserFactory, give_role, person, region

pytestmark = pytest.mark.django_db


def test_user_with_no_role_holds_no_role_predicate():
    user = UserFactory()
    for predicate in (
        r.is_facilitator,
        r.is_coach,
        r.is_facility_operator,
        r.is_regional_authority,
        r.is_partner,
        r.is_programme_admin,
        r.is_sme_member,
    ):
        assert predicate(user) is False, predicate
    assert r.is_signed_in(user) is True


def test_anonymous_holds_nothing():
    anonymous = AnonymousUser()
    assert r.is_signed_in(anonymous) is False
    assert r.is_programme_admin(anonymous) is False
    assert r.role_codes(anonymous) == frozenset()
    assert anonymous.has_perm("regions.view_region") is False


@pytest.mark.parametrize(
    ("code", "predicate"),
    [
        ("facilitator", r.is_facilitator),
        ("coach", r.is_coach),
        ("facility_operator", r.is_facility_operator),
        ("partner", r.is_partner),
        ("programme_admin", r.is_programme_admin),
    ],
)
def test_each_role_grants_its_predicate(code, predicate):
    user = UserFactory()
    give_role(user, code)
    assert predicate(user) is True


def test_one_person_can_hold_several_roles():
    user = UserFactory()
    give_role(user, "facilitator")
    give_role(user, "coach")
    assert r.is_facilitator(user) and r.is_coach(user)
    assert r.role_codes(user) == frozenset({"facilitator", "coach"})
    assert r.is_partner(user) is False


def test_superuser_is_programme_admin_without_role_row():
    assert r.is_programme_admin(UserFactory(is_superuser=True)) is True


def test_regional_authority_covers_own_region_and_sub_regions_only():
    hovedstaden = UserFactory()
    give_role(hovedstaden, "regional_authority", "DK01")  # a NUTS-2 partner region
    assert r.is_authority_for(hovedstaden, region("DK01")) is True
    assert r.is_authority_for(hovedstaden, region("DK011")) is True  # sub-region
    assert r.is_authority_for(hovedstaden, region("DK0")) is False  # parent
    assert r.is_authority_for(hovedstaden, region("DK02")) is False  # neighbour
    skane = UserFactory()
    give_role(skane, "regional_authority", "SE224")
    assert r.is_authority_for(skane, region("LT011")) is False  # another region's authority
    assert r.authority_region_codes(skane) == frozenset({"SE224"})


def test_membership_predicates_distinguish_own_and_other_organisation():
    member = person()
    own = Organisation.objects.get(memberships__user=member)
    other_sme_member = person()
    other = Organisation.objects.get(memberships__user=other_sme_member)
    assert r.is_sme_member(member) is True
    assert r.is_member_of(member, own) is True
    assert r.is_admin_of(member, own) is True
    assert r.is_member_of(member, other) is False
    assert r.is_admin_of(member, other) is False
    assert member.has_perm("accounts.change_organisation", own) is True
    assert member.has_perm("accounts.change_organisation", other) is False
    assert member.has_perm("accounts.view_organisation_members", other) is False


def test_member_of_non_sme_organisation_is_not_sme_member():
    assert r.is_sme_member(person(org_kind="research")) is False


def test_role_checks_cost_one_query_per_request(django_assert_num_queries):
    user = UserFactory()
    give_role(user, "facilitator")
    with django_assert_num_queries(1):
        for _ in range(10):
            r.is_facilitator(user)
            r.is_coach(user)
            r.is_regional_authority(user)
