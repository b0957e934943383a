"""Reads about people, organisations and roles, shared by views, API and reports."""

from django.db.models import QuerySet

from .models import Membership, RoleAssignment, User


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
