"""Programme admins work in the Django admin; what they change goes through the same rules."""

import pytest
from django.urls import reverse

from bsrstars.accounts.models import Role, RoleAssignment, User
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_creates_a_person_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Coach@Example.org",
            "usable_password": "true",
            "password1": "a-Long-unusual-passphrase-42",
            "password2": "a-Long-unusual-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new.coach@example.org").check_password("a-Long-unusual-passphrase-42")


def test_admin_grants_role_through_the_service_and_person_is_notified(admin_client):
    person = UserFactory()
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": person.pk, "role": Role.objects.get(code="regional_authority").pk, "region": region("LT011").pk},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.region.code == "LT011"
    assert assignment.granted_by.is_superuser
    assert list(person.notifications.values_list("kind", flat=True)) == ["role_granted"]


def test_admin_cannot_grant_regional_authority_without_region(admin_client):
    person = UserFactory()
    response = admin_client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": person.pk, "role": Role.objects.get(code="regional_authority").pk},
    )
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert RoleAssignment.objects.filter(user=person).count() == 0
