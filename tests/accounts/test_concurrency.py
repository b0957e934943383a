"""Concurrent requests must not duplicate rows (PostgreSQL: real row locks and unique indexes)."""

import threading

import pytest
from django.db import connection

from bsrstars.accounts import services
from bsrstars.accounts.models import RoleAssignment
from bsrstars.notifications.models import Notification
from tests.factories import UserFactory

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
