"""Writes for accounts, organisations, memberships and roles. Each runs in one transaction."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, Organisation, Role, RoleAssignment, User
from .rules import forget_cached_permissions

logger = logging.getLogger(__name__)


class AccountsError(ValidationError):
    """A domain rule of accounts was broken; the message is meant for the person."""


@transaction.atomic
def create_organisation(
    *,
    name: str,
    kind: str,
    country: str,
    region=None,
    business_id: str = "",
    website: str = "",
    created_by: User | None = None,
) -> Organisation:
    """Create an organisation; its creator (if given) becomes its admin member."""
    organisation = Organisation(
        name=name, kind=kind, country=country, region=region, business_id=business_id, website=website
    )
    organisation.full_clean()
    organisation.save()
    if created_by is not None:
        add_member(organisation=organisation, user=created_by, is_admin=True)
    return organisation


@transaction.atomic
def add_member(*, organisation: Organisation, user: User, is_admin: bool = False) -> Membership:
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"is_admin": is_admin}
    )
    if not created and is_admin and not membership.is_admin:
        membership.is_admin = True
        membership.save(update_fields=["is_admin"])
    forget_cached_permissions(user)
    return membership


@transaction.atomic
def grant_role(
    *, user: User, role_code: str, region=None, granted_by: User | None = None, notify: bool = True, email: bool = True
) -> RoleAssignment:
    """Give `user` a programme role. Side effect: a `role_granted` notification (email via outbox)."""
    from bsrstars.notifications.services import notify as send_notification

    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise AccountsError(_("Unknown role “%(code)s”.") % {"code": role_code})
    RoleAssignment(user=user, role=role, region=region).clean()
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region=region, defaults={"granted_by": granted_by}
    )
    forget_cached_permissions(user)
    if created and notify:
        send_notification(
            recipient=user,
            kind="role_granted",
            payload={"role": role.code, "role_name": role.name, "region": region.name if region else ""},
            url="/",
            email=email,
        )
    return assignment


@transaction.atomic
def revoke_role(*, user: User, role_code: str, region=None) -> int:
    deleted, _ = RoleAssignment.objects.filter(user=user, role__code=role_code, region=region).delete()
    forget_cached_permissions(user)
    return deleted


@transaction.atomic
def update_preferences(
    *, user: User, full_name: str | None = None, language: str | None = None, timezone_name: str | None = None
) -> User:
    fields = []
    if full_name is not None:
        user.full_name = full_name.strip()
        fields.append("full_name")
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise AccountsError(_("Unsupported language."))
        user.language = language
        fields.append("language")
    if timezone_name is not None:
        user.timezone = timezone_name
        user.full_clean(validate_unique=False, exclude=["password"])
        fields.append("timezone")
    if fields:
        user.save(update_fields=fields)
    return user


def record_privacy_consent(*, user: User) -> User:
    user.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION
    user.privacy_consented_at = timezone.now()
    user.save(update_fields=["privacy_notice_version", "privacy_consented_at"])
    return user


def make_superuser(*, user: User) -> User:
    """Programme admins also get the Django admin. Logged, since admins see everything."""
    if not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        logger.info("User %s is now a superuser.", user.pk)
    return user


@transaction.atomic
def replace_api_token(*, user: User):
    """A new personal API token; the old one stops working at once."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)
