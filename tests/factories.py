from datetime import UTC, date, datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from bsrstars.accounts.models import Membership, Organisation, Role, RoleAssignment, User
from regions.models import Region


def month(ago: int = 0) -> date:
    """The first day of the calendar month `ago` months before this one. KPI tests name months;
    counting them back from today keeps the tests true whenever they run."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - ago
    return date(index // 12, index % 12 + 1, 1)


def in_month(ago: int = 0, day: int = 15) -> datetime:
    """Noon UTC on `day` of that month: far from midnight, so every time zone files it there."""
    first = month(ago)
    return datetime(first.year, first.month, day, 12, tzinfo=UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company")
    kind = "sme"
    country = "SE"
    region = factory.LazyFunction(lambda: region("SE224"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    is_admin = True


def give_role(user, code, region_code=None):
    return RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code=code), region=region(region_code) if region_code else None
    )


def person(role=None, region_code=None, *, org_kind="sme", org_region="SE224", country="SE", **user_kwargs):
    """A verified person, member (admin) of a new organisation, holding `role` if given."""
    user = UserFactory(**user_kwargs)
    organisation = OrganisationFactory(kind=org_kind, region=region(org_region), country=country)
    MembershipFactory(user=user, organisation=organisation)
    if role:
        give_role(user, role, region_code)
    return user


ROLES = [
    "anonymous",
    "no_role",
    "sme",
    "other_sme",
    "facilitator",
    "other_facilitator",
    "co_organiser",
    "coach",
    "operator",
    "authority_skane",
    "authority_vilnius",
    "partner",
    "admin",
]


def people_in_every_role() -> dict:
    """One person per role the permission tests try, each in a fitting organisation and region.
    `facilitator` organises the events a test makes, `other_facilitator` others; `co_organiser` is a
    facilitator whom a test may add as a view-only co-organiser."""
    from django.contrib.auth.models import AnonymousUser

    admin = UserFactory(email="admin@example.test", is_staff=True, is_superuser=True)
    give_role(admin, "programme_admin")
    return {
        "anonymous": AnonymousUser(),
        "no_role": UserFactory(),
        "sme": person(email="sme@example.test"),
        "other_sme": person(org_region="LT011", country="LT"),
        "facilitator": person("facilitator", org_kind="partner", org_region="FI197", country="FI"),
        "other_facilitator": person("facilitator", org_kind="partner", org_region="FI197", country="FI"),
        "co_organiser": person("facilitator", org_kind="partner", org_region="FI197", country="FI"),
        "coach": person("coach", org_kind="partner", org_region="DK011", country="DK"),
        "operator": person("facility_operator", org_kind="facility_operator", org_region="NO060", country="NO"),
        "authority_skane": person("regional_authority", "SE224", org_kind="regional_authority"),
        "authority_vilnius": person(
            "regional_authority", "LT011", org_kind="regional_authority", org_region="LT011", country="LT"
        ),
        "partner": person("partner", org_kind="partner"),
        "admin": admin,
    }
