"""seed_demo gives every demo role something to do in coaching."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from coaching.models import Application, Assignment, CoachingSession, FollowUp, Outcome

pytestmark = pytest.mark.django_db


def test_demo_coaching_has_something_for_every_role(demo_data, client):
    closed = Application.objects.filter(call__title="Transnational coaching, first call")
    assert sorted(closed.values_list("status", flat=True)) == ["accepted", "accepted", "rejected", "waitlisted"]
    completed = Assignment.objects.filter(closed_at__isnull=False)
    assert completed.count() == 2
    assert Outcome.objects.filter(assignment__in=completed).count() == 4
    assert FollowUp.objects.filter(assignment__in=completed).count() == 4
    assert Application.objects.get(organisation__name="Skåne Algae Solutions AB").status == "screening"
    mette = Assignment.objects.filter(coach__user__email="coach@example.org", closed_at__isnull=True)
    assert [a.application.organisation.name for a in mette] == ["UAB Vilniaus biotechnologijos"]
    assert CoachingSession.objects.filter(assignment__in=mette, status="logged").count() == 1  # sme2 to confirm
    assert CoachingSession.objects.filter(status="disputed").count() == 1  # the facilitator to resolve
    countries = set(Assignment.objects.values_list("coach__country", flat=True))
    assert countries == {"DK", "SE"}
    client.login(email="coach@example.org", password="demo-bsr-2026")
    assert "UAB Vilniaus biotechnologijos" in client.get(reverse("coaching:my_assignments")).content.decode()
    client.login(email="facilitator@example.org", password="demo-bsr-2026")
    assert "Öresund Biochar AB" in client.get(reverse("coaching:review") + "?status=accepted").content.decode()


def test_seeding_again_adds_no_coaching(demo_data):
    before = (Application.objects.count(), CoachingSession.objects.count(), FollowUp.objects.count())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert (Application.objects.count(), CoachingSession.objects.count(), FollowUp.objects.count()) == before
