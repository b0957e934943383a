"""Coach suggestions: ranked by domain fit, shared language, remaining capacity and a
transnational pairing, with the reasons shown."""

import pytest

from coaching import matching, selectors
from tests.coaching import factories as f


def _coach(key, country="DK", languages=("en",), domains=("BIO.FOOD",), free_smes=3, free_minutes=6000):
    return matching.CoachFacts(
        key=key,
        name=key,
        country=country,
        languages=frozenset(languages),
        domains=frozenset(domains),
        free_smes=free_smes,
        free_minutes=free_minutes,
        capacity_minutes=6000,
    )


NEED = matching.Need(
    country="LT", languages=frozenset({"en", "lt"}), domains=frozenset({"BIO.FOOD", "DIG.DATA"}), minutes=1200
)


def test_transnational_coach_ranks_above_an_otherwise_equal_same_country_coach():
    ranked = matching.rank([_coach("home", country="LT"), _coach("abroad", country="SE")], NEED)
    assert [s.coach.key for s in ranked] == ["abroad", "home"]
    assert "Not transnational (same country)" in ranked[1].reasons
    assert "Transnational pairing" in ranked[0].reasons


def test_domain_fit_counts_exact_domains_fully_and_the_same_family_half():
    exact = _coach("exact", domains=("BIO.FOOD", "DIG.DATA"))
    family = _coach("family", domains=("BIO.FOOD", "DIG.IOT"))
    none = _coach("none", domains=("CIRC.WASTE",))
    ranked = matching.rank([none, family, exact], NEED)
    assert [s.coach.key for s in ranked] == ["exact", "family", "none"]
    assert "Domain fit: BIO.FOOD, DIG.DATA" in ranked[0].reasons
    assert "Related domains: DIG.DATA" in ranked[1].reasons
    assert "No domain in common" in ranked[2].reasons


def test_a_shared_language_outweighs_a_related_domain():
    speaks = _coach("speaks", languages=("lt",), domains=("BIO.FOOD",))
    silent = _coach("silent", languages=("de",), domains=("BIO.FOOD", "DIG.IOT"))
    ranked = matching.rank([silent, speaks], NEED)
    assert [s.coach.key for s in ranked] == ["speaks", "silent"]
    assert "Shared language: lt" in ranked[0].reasons and "No shared language" in ranked[1].reasons


def test_a_coach_without_room_is_listed_last_and_not_assignable():
    full = _coach("full", domains=("BIO.FOOD", "DIG.DATA"), languages=("en", "lt"), free_smes=0)
    short = _coach("short-of-hours", domains=("BIO.FOOD", "DIG.DATA"), free_minutes=600)
    ok = _coach("ok", domains=("CIRC.WASTE",))
    ranked = matching.rank([full, short, ok], NEED)
    assert [(s.coach.key, s.assignable) for s in ranked] == [("ok", True), ("full", False), ("short-of-hours", False)]
    assert "No capacity left for this SME" in ranked[1].reasons


def test_more_remaining_capacity_ranks_higher():
    busy = _coach("busy", free_minutes=1500)
    free = _coach("free", free_minutes=6000)
    assert [s.coach.key for s in matching.rank([busy, free], NEED)] == ["free", "busy"]


@pytest.mark.django_db
def test_suggestions_for_an_application_from_the_pool_with_capacity_taken_into_account():
    member, org = f.sme_member(country="LT", region="LT011")
    app = f.accepted(member=member, organisation=org, languages=["en", "lt"])
    dane = f.coach("DK", languages=("en",), full_name="Dana Dane")
    local = f.coach("LT", languages=("en", "lt"), full_name="Lina Local")
    busy = f.coach("SE", languages=("en",), smes=1, full_name="Sven Busy")
    f.assignment(coach_profile=busy)
    rows = selectors.suggestions(app)
    assert [(c.user.full_name, s.assignable) for c, s in rows] == [
        ("Dana Dane", True),
        ("Lina Local", True),
        ("Sven Busy", False),
    ]
    assert "Not transnational (same country)" in rows[1][1].reasons
    assert "Shared language: English, Lithuanian" in rows[1][1].reasons
    assert local.pk == rows[1][0].pk and dane.pk == rows[0][0].pk
