import factory
from allauth.account.models import EmailAddress

from bsrstars.accounts.models import Membership, Organisation, Role, RoleAssignment, User
from regions.models import Region


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
