"""Coaching's indicators through the KPI registry and on the programme dashboard."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bsrstars import kpis
from coaching import services
from tests.coaching import factories as f
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_smes_in_transnational_coaching_count_each_company_once_and_skip_same_country_pairs():
    member, org = f.sme_member(country="LT", region="LT011")
    f.assignment(member=member, organisation=org, coach_profile=f.coach("SE"))
    f.assignment(member=member, organisation=org, coach_profile=f.coach("DK"))  # a second call, same company
    f.assignment(coach_profile=f.coach("SE"))  # a Skåne company with a Swedish coach: not transnational
    dk_member, dk_org = f.sme_member(country="DK", region="DK011")
    f.assignment(member=dk_member, organisation=dk_org, coach_profile=f.coach("FI"))
    value = kpis.registry.compute("coaching.smes")
    month = timezone.now().strftime("%Y-%m")
    assert (value.total, value.by_country, value.by_month) == (2, {"LT": 1, "DK": 1}, {month: 2})
    assert value.for_region("LT011") == 1 and value.for_region("SE224") == 0


def test_hours_delivered_count_confirmed_sessions_only():
    a = f.assignment()
    confirmed, pending, disputed = (f.session(a, days_ago=d, minutes=90) for d in (2, 3, 4))
    member = a.application.created_by
    services.confirm_session(session=confirmed, by=member)
    services.dispute_session(session=disputed, by=member, reason="Did not happen")
    value = kpis.registry.compute("coaching.hours")
    assert (value.total, value.by_country, value.for_region("SE224")) == (1.5, {"SE": 1.5}, 1.5)
    assert pending.status == "logged"


def test_outcomes_by_type():
    a = f.assignment()
    services.close_coaching(assignment=a, by=a.coach.user, report="Done")
    member = a.application.created_by
    services.record_outcome(assignment=a, by=member, kind="financing", programme="Horizon Europe", amount_eur=500_000)
    services.record_outcome(assignment=a, by=member, kind="new_market", country="NO")
    services.record_outcome(assignment=a, by=member, kind="new_market", country="DK")
    totals = {
        kind: kpis.registry.compute(f"coaching.outcomes.{kind}").total
        for kind in ("financing", "new_market", "cooperation", "test_facility")
    }
    assert totals == {"financing": 1, "new_market": 2, "cooperation": 0, "test_facility": 0}


def test_the_dashboard_shows_coaching_against_its_target_beside_events(client):
    member, org = f.sme_member(country="LT", region="LT011")
    a = f.assignment(member=member, organisation=org, coach_profile=f.coach("SE"))
    services.confirm_session(session=f.session(a, minutes=120), by=member)
    client.force_login(person("partner", org_kind="partner"))
    response = client.get(reverse("regions:dashboard"))
    rows = {row.definition.code: row for row, _chart in response.context["rows"]}
    assert (rows["smes-coaching"].current, rows["smes-coaching"].definition.target) == (1, 150)
    assert rows["coaching-hours"].current == 2.0
    assert rows["smes-events"].measured is True
    assert "Coaching hours delivered" in response.content.decode()
