"""Who belongs to an organisation: membership requests, invitations, removal, admin hand-over.

An organisation always keeps at least one admin member; the checks lock the organisation's
memberships (select_for_update on PostgreSQL) so two admins leaving at once cannot both succeed.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bsrstars.notifications.services import notify
from bsrstars.outbox import services as outbox
from bsrstars.outbox.email import deliver_email

from . import roles
from .models import Invitation, Membership, MembershipRequest, MembershipRequestStatus, Organisation, User
from .rules import forget_cached_permissions
from .services import AccountsError, add_member


def _admins(organisation: Organisation):
    return User.objects.filter(memberships__organisation=organisation, memberships__is_admin=True, is_active=True)


def _deciders(organisation: Organisation):
    """Who decides on joining: the organisation's admins, or programme admins when it has none
    (a company imported from an earlier event has no members yet)."""
    admins = list(_admins(organisation))
    if admins:
        return admins
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role_assignments__role__code=roles.PROGRAMME_ADMIN))
        .distinct()
    )


def _org_url(organisation: Organisation) -> str:
    return reverse("accounts:organisation_members", args=[organisation.pk])


@transaction.atomic
def request_membership(*, organisation: Organisation, user: User, message: str = "") -> MembershipRequest:
    """Ask to join. Side effect: every admin member of the organisation is notified."""
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise AccountsError(_("You are already a member of %(organisation)s.") % {"organisation": organisation})
    try:
        with transaction.atomic():
            request = MembershipRequest.objects.create(organisation=organisation, user=user, message=message.strip())
    except IntegrityError:
        raise AccountsError(
            _("You have already asked to join %(organisation)s.") % {"organisation": organisation}
        ) from None
    for admin in _deciders(organisation):
        notify(
            recipient=admin,
            kind="membership_requested",
            payload={"person": user.get_full_name(), "organisation": organisation.name, "message": request.message},
            url=_org_url(organisation),
        )
    return request


@transaction.atomic
def decide_membership_request(*, request: MembershipRequest, approve: bool, decided_by: User) -> MembershipRequest:
    """Approve (adds the member) or decline. Side effect: the requester is notified."""
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != MembershipRequestStatus.PENDING:
        raise AccountsError(_("This request has already been decided."))
    request.status = MembershipRequestStatus.APPROVED if approve else MembershipRequestStatus.DECLINED
    request.decided_by, request.decided_at = decided_by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        add_member(organisation=request.organisation, user=request.user)
    notify(
        recipient=request.user,
        kind="membership_decided",
        payload={"organisation": request.organisation.name, "approved": approve},
        url=reverse("accounts:organisation_detail", args=[request.organisation.pk]) if approve else "",
    )
    return request


@transaction.atomic
def withdraw_membership_request(*, request: MembershipRequest) -> MembershipRequest:
    updated = MembershipRequest.objects.filter(pk=request.pk, status=MembershipRequestStatus.PENDING).update(
        status=MembershipRequestStatus.WITHDRAWN, decided_at=timezone.now()
    )
    if not updated:
        raise AccountsError(_("This request has already been decided."))
    request.refresh_from_db()
    return request


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, invited_by: User) -> Invitation:
    """Invite a colleague by email. Side effect: the invitation email is sent via the outbox."""
    email = User.objects.normalize_email(email).strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise AccountsError(_("%(email)s is already a member.") % {"email": email})
    now = timezone.now()
    # An expired invitation to the same address no longer blocks a new one.
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=now,
    ).update(revoked_at=now)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                invited_by=invited_by,
                token=secrets.token_urlsafe(32),
                expires_at=now + timedelta(days=Invitation.VALID_DAYS),
            )
    except IntegrityError:
        raise AccountsError(_("%(email)s has already been invited.") % {"email": email}) from None
    outbox.enqueue_on_commit(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation) -> Invitation:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=timezone.now())
    invitation.refresh_from_db()
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """The invited person (signed in with the invited address) joins the organisation."""
    invitation = Invitation.objects.select_for_update().select_related("organisation").filter(token=token).first()
    if invitation is None or invitation.revoked_at is not None:
        raise AccountsError(_("This invitation is not valid. Ask for a new one."))
    if invitation.accepted_at is not None:
        raise AccountsError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise AccountsError(_("This invitation has expired. Ask for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise AccountsError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = add_member(organisation=invitation.organisation, user=user)
    if invitation.invited_by_id:
        notify(
            recipient=invitation.invited_by,
            kind="invitation_accepted",
            payload={"person": user.get_full_name(), "organisation": invitation.organisation.name},
            url=_org_url(invitation.organisation),
        )
    return membership


def deliver_invitation_email(*, invitation_id: int) -> str:
    return deliver_email(Invitation, invitation_id, _invitation_message)


def _invitation_message(invitation: Invitation) -> EmailMessage:
    language = getattr(invitation.invited_by, "language", None) or settings.LANGUAGE_CODE
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation.name,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "url": f"{settings.PORTAL_BASE_URL}{reverse('accounts:accept_invitation', args=[invitation.token])}",
        "expires_at": invitation.expires_at,
    }
    with translation.override(language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    return EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )


def _lock_memberships(organisation: Organisation):
    return list(Membership.objects.select_for_update().filter(organisation=organisation).order_by("pk"))


def _ensure_another_admin(memberships, leaving: Membership) -> None:
    others = [m for m in memberships if m.is_admin and m.pk != leaving.pk]
    if leaving.is_admin and not others:
        raise AccountsError(
            _("%(organisation)s needs at least one admin. Make another member admin first.")
            % {"organisation": leaving.organisation}
        )


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    memberships = _lock_memberships(membership.organisation)
    current = next((m for m in memberships if m.pk == membership.pk), None)
    if current is None:
        return
    _ensure_another_admin(memberships, current)
    current.delete()
    forget_cached_permissions(membership.user)


@transaction.atomic
def set_member_admin(*, membership: Membership, is_admin: bool) -> Membership:
    """Make a member admin, or take the admin role away (never from the last admin)."""
    memberships = _lock_memberships(membership.organisation)
    current = next(m for m in memberships if m.pk == membership.pk)
    if not is_admin:
        _ensure_another_admin(memberships, current)
    current.is_admin = is_admin
    current.save(update_fields=["is_admin"])
    forget_cached_permissions(current.user)
    return current


@transaction.atomic
def hand_over_admin(*, organisation: Organisation, from_membership: Membership, to_membership: Membership) -> None:
    """The admin role passes from one member to another in one step."""
    if to_membership.organisation_id != organisation.pk or from_membership.organisation_id != organisation.pk:
        raise AccountsError(_("Both people must be members of the organisation."))
    set_member_admin(membership=to_membership, is_admin=True)
    set_member_admin(membership=from_membership, is_admin=False)
