"""Accounts URLs (own account, organisations and their members): who may do what.
Organisation A is the sme's company; see tests/url_matrix.py."""

from bsrstars.accounts import membership
from tests.factories import MembershipFactory, UserFactory
from tests.url_matrix import NOT_ALLOWED, SIGNED_IN, Call, Expect

ORG_ADMINS = frozenset({"sme", "admin"})  # the sme is an admin member of organisation A


def build(world):
    org = world.org_a
    world.colleague = MembershipFactory(organisation=org, is_admin=False)
    world.join_request = membership.request_membership(organisation=org, user=UserFactory())
    # Sent to the no-role person's address: only they can accept it.
    world.invitation = membership.invite_member(
        organisation=org, email=world.people["no_role"].email, invited_by=world.people["sme"]
    )


def _org(world):
    return {"pk": world.org_a.pk}


def _confirm_email(world, role):
    user = world.people[role]
    return {"confirm_email": user.email if user.is_authenticated else ""}


URLS = {
    "accounts:profile": Expect(
        get=SIGNED_IN,
        post=Call(SIGNED_IN, data={"full_name": "Renamed Person", "language": "en", "timezone": "Europe/Riga"}),
    ),
    "accounts:api_token": Expect(get=SIGNED_IN, post=SIGNED_IN),
    "accounts:my_data": Expect(get=SIGNED_IN),
    "accounts:my_data_export": Expect(get=SIGNED_IN),
    # Everyone else in the matrix is the last admin of an organisation, which the service refuses.
    "accounts:delete_account": Expect(
        get=NOT_ALLOWED, post=Call(SIGNED_IN, writes={"no_role", "admin"}, data=_confirm_email)
    ),
    "accounts:organisation_detail": Expect(kwargs=_org, get=SIGNED_IN),
    "accounts:organisation_members": Expect(
        kwargs=_org, get=ORG_ADMINS, post=Call(ORG_ADMINS, data={"email": "new.colleague@example.test"})
    ),
    "accounts:member_action": Expect(
        kwargs=lambda w: {"pk": w.org_a.pk, "membership_pk": w.colleague.pk},
        get=NOT_ALLOWED,
        post=Call(ORG_ADMINS, data={"action": "make_admin"}),
    ),
    "accounts:decide_request": Expect(
        kwargs=lambda w: {"pk": w.org_a.pk, "request_pk": w.join_request.pk},
        get=NOT_ALLOWED,
        post=Call(ORG_ADMINS, data={"decision": "decline"}),
    ),
    "accounts:revoke_invitation": Expect(
        kwargs=lambda w: {"pk": w.org_a.pk, "invitation_pk": w.invitation.pk}, get=NOT_ALLOWED, post=ORG_ADMINS
    ),
    "accounts:request_membership": Expect(
        kwargs=_org, get=SIGNED_IN - {"sme"}, post=Call(SIGNED_IN - {"sme"}, data={"message": "May I join?"})
    ),
    # The link is the secret: anyone signed in sees it; only the invited address joins.
    "accounts:accept_invitation": Expect(
        kwargs=lambda w: {"token": w.invitation.token}, get=SIGNED_IN, post=Call(SIGNED_IN, writes={"no_role"})
    ),
}
