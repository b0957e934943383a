"""The scores on a small example worked out by hand (see regions/complementarity.py for the rules).

A: BIO.FOOD 5, BIO.TECH 3, DIG.DATA 2; seeks partners in CIRC.WASTE
B: BIO.FOOD 3, CIRC.WASTE 4, DIG.DATA 4; seeks partners in BIO.TECH
"""

import math

import pytest

from regions.complementarity import (
    Profile,
    complementarity,
    learn_from,
    partner_with,
    similarity,
    structural_neighbours,
)

A = Profile("A", {"BIO.FOOD": 5, "BIO.TECH": 3, "DIG.DATA": 2}, frozenset({"CIRC.WASTE"}), "SE")
B = Profile("B", {"BIO.FOOD": 3, "CIRC.WASTE": 4, "DIG.DATA": 4}, frozenset({"BIO.TECH"}), "LT")


def test_similarity_by_hand():
    # Σ max over FOOD, TECH, DATA, WASTE = 5 + 3 + 4 + 4 = 16; Σ min over shared FOOD, DATA = 3 + 2 = 5.
    score = similarity(A, B)
    assert score.value == pytest.approx(5 / 16)
    assert [(r["domain"], r["contribution"]) for r in score.explanation] == [
        ("BIO.FOOD", pytest.approx(3 / 16)),
        ("DIG.DATA", pytest.approx(2 / 16)),
    ]
    assert similarity(A, A).value == pytest.approx(1.0)
    assert similarity(A, Profile("empty")).value == 0


def test_complementarity_by_hand():
    # FOOD  A→B: 5 − 3 = 2 (clearly weaker)          = 2
    # TECH  A→B: 3 − 0 + 1 (B seeks partners)        = 4
    # DATA  B→A: 4 − 2 = 2 (clearly weaker)          = 2
    # WASTE B→A: 4 − 0 + 1 (A seeks partners)        = 5
    # total 13 over 6 × 4 domains = 24
    score = complementarity(A, B)
    assert score.value == pytest.approx(13 / 24)
    assert [(r["domain"], r["giver"], r["gain"]) for r in score.explanation] == [
        ("CIRC.WASTE", "B", 5),
        ("BIO.TECH", "A", 4),
        ("BIO.FOOD", "A", 2),
        ("DIG.DATA", "B", 2),
    ]
    assert complementarity(A, B).value == complementarity(B, A).value


def test_weak_regions_give_nothing():
    weak = Profile("W", {"BIO.FOOD": 2})
    strong_needing = Profile("S", {"BIO.FOOD": 0}, frozenset({"BIO.FOOD"}))
    assert complementarity(weak, strong_needing).value == 0


def test_learn_from_and_partner_with_a_domain():
    C = Profile("C", {"BIO.FOOD": 4}, frozenset(), "FI")
    D = Profile("D", {"BIO.TECH": 1}, frozenset({"BIO.FOOD"}), "NO")
    own = Profile("O", {"BIO.FOOD": 3})
    assert [(p.code, s) for p, s in learn_from(own, [A, B, C, D, own], "BIO")] == [("A", 5), ("C", 4)]
    # Peers within one step (B at 3, C at 4) and D, which seeks partners in food.
    assert [p.code for p, _ in partner_with(own, [A, B, C, D], "BIO.FOOD")] == ["C", "B", "D"]


def test_structural_neighbours_by_hand_and_own_country_excluded():
    # One indicator: T 1, A 2 (same country as T), B 3, C 5. Mean 2.75, population sd √2.1875.
    values = {"T": {"x": 1.0}, "A": {"x": 2.0}, "B": {"x": 3.0}, "C": {"x": 5.0}, "E": {"y": 7.0}}
    countries = {"T": "SE", "A": "SE", "B": "DK", "C": "DK", "E": "FI"}
    sd = math.sqrt(2.1875)
    nearest = structural_neighbours("T", values, n=2, countries=countries)
    assert [(code, round(d, 4), k) for code, d, k in nearest] == [
        ("A", round(1 / sd, 4), 1),
        ("B", round(2 / sd, 4), 1),
    ]
    abroad = structural_neighbours("T", values, n=5, countries=countries, exclude_country=True)
    assert [code for code, *_ in abroad] == ["B", "C"]  # E shares no indicator with T
