from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bsrstars.accounts import membership
from bsrstars.accounts.models import Invitation, Membership, MembershipRequest, Organisation
from bsrstars.outbox.models import OutboxStatus
from tests.factories import MembershipFactory, UserFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    admin = person(email="boss@example.org")
    return Organisation.objects.get(memberships__user=admin), admin


def test_request_then_approve_adds_member_and_notifies_both_ways(company):
    organisation, admin = company
    newcomer = UserFactory()
    request = membership.request_membership(organisation=organisation, user=newcomer, message="I run the lab.")
    assert list(admin.notifications.values_list("kind", flat=True)) == ["membership_requested"]
    membership.decide_membership_request(request=request, approve=True, decided_by=admin)
    assert Membership.objects.get(organisation=organisation, user=newcomer).is_admin is False
    notification = newcomer.notifications.get()
    assert (notification.kind, notification.payload["approved"]) == ("membership_decided", True)


def test_declined_request_adds_nobody_and_cannot_be_decided_twice(company):
    organisation, admin = company
    newcomer = UserFactory()
    request = membership.request_membership(organisation=organisation, user=newcomer)
    membership.decide_membership_request(request=request, approve=False, decided_by=admin)
    assert not Membership.objects.filter(user=newcomer).exists()
    with pytest.raises(ValidationError, match="already been decided"):
        membership.decide_membership_request(request=request, approve=True, decided_by=admin)
    assert newcomer.notifications.get().payload["approved"] is False


def test_second_pending_request_is_refused_clearly(company):
    organisation, _ = company
    newcomer = UserFactory()
    membership.request_membership(organisation=organisation, user=newcomer)
    with pytest.raises(ValidationError, match="already asked"):
        membership.request_membership(organisation=organisation, user=newcomer)
    assert MembershipRequest.objects.count() == 1


def test_invitation_email_sent_and_accepted_by_the_invited_address(
    company, eager_tasks, django_capture_on_commit_callbacks
):
    organisation, admin = company
    with django_capture_on_commit_callbacks(execute=True):
        invitation = membership.invite_member(
            organisation=organisation, email="Colleague@Example.org", invited_by=admin
        )
    invitation.refresh_from_db()
    assert invitation.status == OutboxStatus.DONE
    [message] = mail.outbox
    assert message.to == ["colleague@example.org"]
    assert reverse("accounts:accept_invitation", args=[invitation.token]) in message.body
    colleague = UserFactory(email="colleague@example.org")
    membership.accept_invitation(token=invitation.token, user=colleague)
    assert Membership.objects.filter(organisation=organisation, user=colleague).exists()
    assert admin.notifications.filter(kind="invitation_accepted").count() == 1
    with pytest.raises(ValidationError, match="already been used"):
        membership.accept_invitation(token=invitation.token, user=colleague)


def test_invitation_expires_after_its_validity(company):
    organisation, admin = company
    invitation = membership.invite_member(organisation=organisation, email="late@example.org", invited_by=admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="expired"):
        membership.accept_invitation(token=invitation.token, user=UserFactory(email="late@example.org"))
    assert not Membership.objects.filter(user__email="late@example.org").exists()
    # An expired invitation does not block a fresh one.
    fresh = membership.invite_member(organisation=organisation, email="late@example.org", invited_by=admin)
    assert fresh.is_open()


def test_invitation_cannot_be_used_by_another_address(company):
    organisation, admin = company
    invitation = membership.invite_member(organisation=organisation, email="right@example.org", invited_by=admin)
    with pytest.raises(ValidationError, match="right@example.org"):
        membership.accept_invitation(token=invitation.token, user=UserFactory(email="wrong@example.org"))


def test_revoked_invitation_is_invalid_and_duplicate_open_invitation_refused(company):
    organisation, admin = company
    invitation = membership.invite_member(organisation=organisation, email="x@example.org", invited_by=admin)
    with pytest.raises(ValidationError, match="already been invited"):
        membership.invite_member(organisation=organisation, email="X@example.org", invited_by=admin)
    membership.revoke_invitation(invitation=invitation)
    with pytest.raises(ValidationError, match="not valid"):
        membership.accept_invitation(token=invitation.token, user=UserFactory(email="x@example.org"))


def test_organisation_always_keeps_one_admin(company):
    organisation, admin = company
    only_admin = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        membership.remove_member(membership=only_admin)
    with pytest.raises(ValidationError, match="at least one admin"):
        membership.set_member_admin(membership=only_admin, is_admin=False)
    colleague = MembershipFactory(organisation=organisation, is_admin=False)
    membership.hand_over_admin(organisation=organisation, from_membership=only_admin, to_membership=colleague)
    assert list(organisation.memberships.filter(is_admin=True).values_list("user_id", flat=True)) == [colleague.user_id]
    membership.remove_member(membership=Membership.objects.get(user=admin))
    assert organisation.memberships.count() == 1


def test_members_page_flow_invite_approve_remove(client, company):
    organisation, admin = company
    newcomer = UserFactory()
    request = membership.request_membership(organisation=organisation, user=newcomer)
    client.force_login(admin)
    url = reverse("accounts:organisation_members", args=[organisation.pk])
    page = client.get(url)
    assert newcomer.email in page.content.decode()
    client.post(reverse("accounts:decide_request", args=[organisation.pk, request.pk]), {"decision": "approve"})
    new_membership = Membership.objects.get(user=newcomer)
    response = client.post(url, {"email": "not-an-email"})
    assert "email" in response.context["form"].errors
    client.post(reverse("accounts:member_action", args=[organisation.pk, new_membership.pk]), {"action": "remove"})
    assert not Membership.objects.filter(user=newcomer).exists()
    response = client.post(
        reverse("accounts:member_action", args=[organisation.pk, Membership.objects.get(user=admin).pk]),
        {"action": "remove"},
        follow=True,
    )
    assert "at least one admin" in response.content.decode()


def test_join_page_sends_request_and_members_cannot_request(client, company):
    organisation, admin = company
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(reverse("accounts:request_membership", args=[organisation.pk]), {"message": "Hello"})
    assert MembershipRequest.objects.get(user=newcomer).message == "Hello"
    client.force_login(admin)
    assert client.get(reverse("accounts:request_membership", args=[organisation.pk])).status_code == 403
