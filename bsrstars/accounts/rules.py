"""The portal's permission layer: predicates every app combines into its own rules.

Role codes and memberships are read once per request (cached on the user object), so checking
many predicates on a page costs two queries, not one per check.
"""

import rules

from . import roles


def _role_scopes(user) -> dict[str, frozenset[str]]:
    """{role code: region codes it covers ('' = unscoped)} for a signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_bsr_role_scopes", None)
    if cached is None:
        scopes: dict[str, set[str]] = {}
        for code, region_code in user.role_assignments.values_list("role__code", "region__code"):
            scopes.setdefault(code, set()).add(region_code or "")
        cached = {code: frozenset(regions) for code, regions in scopes.items()}
        user._bsr_role_scopes = cached
    return cached


def _memberships(user) -> dict[int, tuple[str, bool]]:
    """{organisation id: (organisation kind, is organisation admin)} for a signed-in user."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_bsr_memberships", None)
    if cached is None:
        rows = user.memberships.values_list("organisation_id", "organisation__kind", "is_admin")
        cached = {org_id: (kind, is_admin) for org_id, kind, is_admin in rows}
        user._bsr_memberships = cached
    return cached


def organisation_ids(user) -> frozenset[int]:
    """The ids of the organisations `user` belongs to (cached like the predicates' data)."""
    return frozenset(_memberships(user))


def administered_organisation_ids(user) -> frozenset[int]:
    """The ids of the organisations `user` administers."""
    return frozenset(org for org, (_kind, is_admin) in _memberships(user).items() if is_admin)


def role_codes(user) -> frozenset[str]:
    return frozenset(_role_scopes(user))


def forget_cached_permissions(user) -> None:
    """Call after changing a user's roles or memberships within the same request."""
    for attr in ("_bsr_role_scopes", "_bsr_memberships"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_role(code: str):
    @rules.predicate(name=f"has_role:{code}")
    def predicate(user):
        return code in _role_scopes(user)

    return predicate


is_signed_in = rules.is_authenticated
is_facilitator = has_role(roles.FACILITATOR)
is_coach = has_role(roles.COACH)
is_facility_operator = has_role(roles.FACILITY_OPERATOR)
is_regional_authority = has_role(roles.REGIONAL_AUTHORITY)
is_partner = has_role(roles.PARTNER)


@rules.predicate
def is_programme_admin(user):
    return bool(getattr(user, "is_superuser", False)) or roles.PROGRAMME_ADMIN in _role_scopes(user)


@rules.predicate
def is_sme_member(user):
    return any(kind == "sme" for kind, _ in _memberships(user).values())


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in _memberships(user)


@rules.predicate
def is_admin_of(user, organisation):
    return organisation is not None and _memberships(user).get(organisation.pk, ("", False))[1]


@rules.predicate
def is_authority_for(user, region):
    """A regional authority whose assigned region is `region` or contains it."""
    if region is None:
        return False
    covered = _role_scopes(user).get(roles.REGIONAL_AUTHORITY, frozenset())
    return any(code and region.code.startswith(code) for code in covered)


def authority_region_codes(user) -> frozenset[str]:
    """The region codes a regional authority covers (for scoping lists)."""
    return frozenset(c for c in _role_scopes(user).get(roles.REGIONAL_AUTHORITY, frozenset()) if c)


is_self = rules.predicate(lambda user, other: other is not None and user.pk == other.pk, name="is_self")

# Organisations: the name, kind and country of a registered organisation are visible to every
# signed-in person; members and contact data only to its members and admins.
rules.add_perm("accounts.view_organisation", is_signed_in)
rules.add_perm("accounts.view_organisation_members", is_member_of | is_programme_admin)
rules.add_perm("accounts.change_organisation", is_admin_of | is_programme_admin)
rules.add_perm("accounts.manage_roles", is_programme_admin)
rules.add_perm("accounts.manage_members", is_admin_of | is_programme_admin)
rules.add_perm("accounts.request_membership", is_signed_in & ~is_member_of)
rules.add_perm("accounts.use_api", is_signed_in)
rules.add_perm("accounts.view_own_account", is_signed_in)
rules.add_perm("accounts.use_admin_site", is_programme_admin)
