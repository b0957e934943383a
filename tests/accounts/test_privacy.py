import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from bsrstars.accounts import membership
from bsrstars.accounts.models import Membership, MembershipRequest, Organisation, User
from bsrstars.notifications.models import Notification
from bsrstars.notifications.services import notify
from tests.factories import MembershipFactory, UserFactory, give_role, person

pytestmark = pytest.mark.django_db


def test_data_export_holds_everything_about_the_person_and_nothing_of_others(client):
    me = person("regional_authority", "SE224", email="me@example.org", full_name="Maja Export")
    other = person(email="other@example.org")
    membership.request_membership(
        organisation=Organisation.objects.get(memberships__user=other), user=me, message="let me in"
    )
    notify(recipient=me, kind="welcome", payload={"name": "Maja"}, email=False)
    notify(recipient=other, kind="welcome", payload={"name": "Other"}, email=False)
    client.force_login(me)
    response = client.get(reverse("accounts:my_data_export"))
    assert response["Content-Disposition"] == 'attachment; filename="bsr-stars-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["full_name"] == "Maja Export"
    assert data["roles"] == [
        {"role": "regional_authority", "region": "SE224", "granted_at": data["roles"][0]["granted_at"]}
    ]
    assert [m["is_admin"] for m in data["memberships"]] == [True]
    assert data["membership_requests"][0]["message"] == "let me in"
    assert [n["payload"]["name"] for n in data["notifications"]] == ["Maja"]
    assert "other@example.org" not in response.content.decode()


def test_delete_account_erases_the_person_but_keeps_the_organisation(client):
    me = UserFactory(email="leaver@example.org", full_name="Lea Leaver")
    organisation = Organisation.objects.get(memberships__user=person())
    MembershipFactory(user=me, organisation=organisation, is_admin=False)
    notify(recipient=me, kind="welcome", payload={"name": "Lea"}, email=False)
    client.force_login(me)
    response = client.post(reverse("accounts:delete_account"), {"confirm_email": "leaver@example.org"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.email, me.full_name, me.is_active, me.has_usable_password()) == (
        f"deleted-{me.pk}@invalid.example",
        "",
        False,
        False,
    )
    assert not EmailAddress.objects.filter(user=me).exists()
    assert not Notification.objects.filter(recipient=me).exists()
    assert not Membership.objects.filter(user=me).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="leaver@example.org").exists()


def test_last_admin_must_hand_over_before_deleting(client):
    me = person(email="only.admin@example.org")
    client.force_login(me)
    response = client.post(reverse("accounts:delete_account"), {"confirm_email": "only.admin@example.org"}, follow=True)
    assert "only admin" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active and me.email == "only.admin@example.org"


def test_delete_needs_the_email_typed_to_confirm(client):
    me = UserFactory(email="careful@example.org")
    client.force_login(me)
    client.post(reverse("accounts:delete_account"), {"confirm_email": "wrong@example.org"})
    me.refresh_from_db()
    assert me.is_active


def test_deleted_person_cannot_log_in_and_history_keeps_pointing_at_the_row(client):
    me = UserFactory(email="gone@example.org")
    organisation = Organisation.objects.get(memberships__user=person())
    request = membership.request_membership(organisation=organisation, user=me, message="private words")
    give_role(me, "coach")
    client.force_login(me)
    client.post(reverse("accounts:delete_account"), {"confirm_email": "gone@example.org"})
    request.refresh_from_db()
    assert (request.user_id, request.message) == (me.pk, "")
    assert not client.login(email="gone@example.org", password="correct-horse-battery")
    assert MembershipRequest.objects.filter(user=me).count() == 1
