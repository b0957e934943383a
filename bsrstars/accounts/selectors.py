"""Reads about people, organisations and roles, shared by views, API and reports."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Invitation, Membership, MembershipRequest, MembershipRequestStatus, RoleAssignment, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name")
    )


def role_assignments_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("role", "region").order_by("role__name")


def organisation_members(organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("-is_admin", "user__full_name", "user__email")


def pending_membership_requests(organisation) -> QuerySet[MembershipRequest]:
    return MembershipRequest.objects.filter(
        organisation=organisation, status=MembershipRequestStatus.PENDING
    ).select_related("user")


def open_invitations(organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")
