"""Concurrent requests must not duplicate rows (PostgreSQL: real row locks and unique indexes)."""

import threading

import pytest
from django.db import connection

from bsrstars.accounts import membership, services
from bsrstars.accounts.models import Membership, RoleAssignment
from bsrstars.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory, person
from tests.threads import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_grants_of_the_same_role_make_one_assignment_and_one_notification(reference_data):
    person = UserFactory()
    barrier = threading.Barrier(8)
    errors = []

    def grant():
        try:
            barrier.wait()
            services.grant_role(user=person, role_code="coach", email=False)
        except Exception as exc:  # noqa: BLE001 -- collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert RoleAssignment.objects.filter(user=person).count() == 1
    assert Notification.objects.filter(recipient=person, kind="role_granted").count() == 1


def test_two_admins_stepping_down_at_once_leave_one_admin(reference_data):
    """The last-admin rule locks the organisation's memberships: of two admins stepping down at
    the same moment (one gives up the role, the other leaves), one is refused. Four organisations
    at once, so a missing lock shows even when one pair happens to run one after the other."""
    pairs = []
    for _ in range(4):
        first = Membership.objects.get(user=person())
        second = MembershipFactory(user=UserFactory(), organisation=first.organisation, is_admin=True)
        pairs.append((first, second))
    calls = []
    for first, second in pairs:
        calls.append(lambda first=first: membership.set_member_admin(membership=first, is_admin=False))
        calls.append(lambda second=second: membership.remove_member(membership=second))
    outcomes = at_once(*calls)
    refused = [o for o in outcomes if isinstance(o, services.AccountsError)]
    assert len(refused) == 4, outcomes
    assert all("needs at least one admin" in str(o) for o in refused)
    for first, _second in pairs:
        assert Membership.objects.filter(organisation=first.organisation, is_admin=True).count() == 1
