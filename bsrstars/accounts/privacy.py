"""A person's rights over their data: download everything, delete the account."""

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from . import personal_data
from .models import Invitation, Membership, MembershipRequest, User
from .services import AccountsError


def export_personal_data(*, user: User) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        "format": "BSR Stars S3 portal personal data export, version 1",
        **personal_data.export_all(user),
    }


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase the person; their organisations and those organisations' history stay.

    The person's own rows are deleted or anonymised by each app's registered eraser; the user
    row itself stays, anonymised and unusable, so history that points at it stays consistent.
    The last admin of an organisation must hand the admin role over first.
    """
    for membership in (
        Membership.objects.select_for_update().filter(user=user, is_admin=True).select_related("organisation")
    ):
        others = Membership.objects.filter(organisation=membership.organisation, is_admin=True).exclude(user=user)
        if not others.exists():
            raise AccountsError(
                _(
                    "You are the only admin of %(organisation)s. "
                    "Make another member admin before you delete your account."
                )
                % {"organisation": membership.organisation}
            )
    personal_data.erase_all(user)
    user.email = f"deleted-{user.pk}@invalid.example"
    user.full_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.privacy_notice_version, user.privacy_consented_at = "", None
    user.set_unusable_password()
    user.save()


def _user_section(user):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "timezone": user.timezone,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "privacy_notice_version": user.privacy_notice_version,
        "privacy_consented_at": user.privacy_consented_at.isoformat() if user.privacy_consented_at else None,
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
    }


def _erase_login(user):
    EmailAddress.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def _memberships_section(user):
    return [
        {"organisation": m.organisation.name, "is_admin": m.is_admin, "since": m.created_at.isoformat()}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _roles_section(user):
    return [
        {"role": a.role.code, "region": a.region.code if a.region else None, "granted_at": a.granted_at.isoformat()}
        for a in user.role_assignments.select_related("role", "region")
    ]


def _requests_section(user):
    return [
        {
            "organisation": r.organisation.name,
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
        }
        for r in MembershipRequest.objects.filter(user=user).select_related("organisation")
    ]


def _invitations_section(user):
    return [
        {"organisation": i.organisation.name, "email": i.email, "created_at": i.created_at.isoformat()}
        for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
    ]


def register_sections():
    personal_data.register("account", _user_section, _erase_login)
    personal_data.register("memberships", _memberships_section, lambda u: Membership.objects.filter(user=u).delete())
    personal_data.register("roles", _roles_section, lambda u: u.role_assignments.all().delete())
    personal_data.register(
        "membership_requests", _requests_section, lambda u: MembershipRequest.objects.filter(user=u).update(message="")
    )
    personal_data.register("invitations_sent", _invitations_section)
