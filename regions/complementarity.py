"""Similarity and complementarity between regions' S3 profiles, and structural similarity from
regional statistics. Pure functions over plain data, so they can be checked by hand.

A region's profile becomes a domain vector: for each S3 domain code, the highest strength (1–5)
of the priorities tagged with it; plus the set of domains where it seeks partners ("needs").

similarity(A, B) — weighted Jaccard over the union of domains:
    Σ min(a_d, b_d) / Σ max(a_d, b_d).  1 = identical profiles, 0 = nothing shared.

complementarity(A, B) — what one can give the other. Region X gives to Y in domain d when X is
strong there (x_d ≥ 3) and Y needs d or is clearly weaker (x_d − y_d ≥ 2); the gain is
x_d − y_d, plus 1 if Y needs d. Both directions are summed and divided by 6·|D| (D = every domain
in either vector or need set; 6 is the largest gain one domain can give), so the score is in [0, 1].

structural_neighbours — regions whose statistics look alike: each indicator is turned into
z-scores over the regions that have it; the distance between two regions is the root mean square
of their z-score differences over the indicators both have.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import mean, pstdev

STRONG = 3
CLEARLY_WEAKER = 2
MAX_GAIN = 6


@dataclass(frozen=True)
class Profile:
    code: str
    strengths: dict[str, int] = field(default_factory=dict)
    needs: frozenset[str] = frozenset()
    country: str = ""


@dataclass
class Score:
    value: float
    explanation: list[dict]


def similarity(a: Profile, b: Profile) -> Score:
    domains = sorted(set(a.strengths) | set(b.strengths))
    denominator = sum(max(a.strengths.get(d, 0), b.strengths.get(d, 0)) for d in domains)
    if not denominator:
        return Score(0.0, [])
    shared = [
        {
            "domain": d,
            "a": a.strengths[d],
            "b": b.strengths[d],
            "contribution": min(a.strengths[d], b.strengths[d]) / denominator,
        }
        for d in domains
        if d in a.strengths and d in b.strengths
    ]
    shared.sort(key=lambda row: (-row["contribution"], row["domain"]))
    return Score(sum(row["contribution"] for row in shared), shared)


def _gains(giver: Profile, receiver: Profile, domain: str) -> int:
    given, received = giver.strengths.get(domain, 0), receiver.strengths.get(domain, 0)
    needed = domain in receiver.needs
    if given < STRONG or not (needed or given - received >= CLEARLY_WEAKER):
        return 0
    return max(0, given - received + (1 if needed else 0))


def complementarity(a: Profile, b: Profile) -> Score:
    domains = sorted(set(a.strengths) | set(b.strengths) | a.needs | b.needs)
    if not domains:
        return Score(0.0, [])
    explanation = []
    for d in domains:
        for giver, receiver in ((a, b), (b, a)):
            gain = _gains(giver, receiver, d)
            if gain:
                explanation.append(
                    {
                        "domain": d,
                        "giver": giver.code,
                        "receiver": receiver.code,
                        "giver_strength": giver.strengths.get(d, 0),
                        "receiver_strength": receiver.strengths.get(d, 0),
                        "needed": d in receiver.needs,
                        "gain": gain,
                    }
                )
    explanation.sort(key=lambda row: (-row["gain"], row["domain"]))
    return Score(sum(row["gain"] for row in explanation) / (MAX_GAIN * len(domains)), explanation)


def strength_in(profile: Profile, domain: str) -> int:
    """Strength in a domain including its sub-domains (BIO covers BIO.FOOD)."""
    return max(
        (s for code, s in profile.strengths.items() if code == domain or code.startswith(f"{domain}.")), default=0
    )


def learn_from(own: Profile, others: list[Profile], domain: str) -> list[tuple[Profile, int]]:
    """Regions stronger than `own` in `domain`, strongest first."""
    mine = strength_in(own, domain)
    ranked = [(p, strength_in(p, domain)) for p in others if p.code != own.code]
    return sorted([(p, s) for p, s in ranked if s > mine], key=lambda item: (-item[1], item[0].code))


def partner_with(own: Profile, others: list[Profile], domain: str) -> list[tuple[Profile, int]]:
    """Peers to co-develop `domain` with (both at least 3, within one step of each other), and
    regions that seek partners in it while `own` is strong there."""
    mine = strength_in(own, domain)
    result = []
    for p in others:
        if p.code == own.code:
            continue
        theirs = strength_in(p, domain)
        peers = mine >= STRONG and theirs >= STRONG and abs(mine - theirs) <= 1
        they_need = mine >= STRONG and any(n == domain or n.startswith(f"{domain}.") for n in p.needs)
        if peers or they_need:
            result.append((p, theirs))
    return sorted(result, key=lambda item: (-item[1], item[0].code))


def structural_neighbours(
    target: str,
    values: dict[str, dict[str, float]],
    *,
    n: int = 5,
    countries: dict[str, str] | None = None,
    exclude_country: bool = False,
) -> list[tuple[str, float, int]]:
    """[(region code, distance, indicators compared)] nearest first. `values` maps region code to
    {indicator: value}; regions sharing no indicator with the target are left out."""
    indicators = {i for row in values.values() for i in row}
    z: dict[str, dict[str, float]] = {code: {} for code in values}
    for indicator in indicators:
        column = {code: row[indicator] for code, row in values.items() if indicator in row}
        if len(column) < 2:
            continue
        mu, sigma = mean(column.values()), pstdev(column.values())
        if sigma == 0:
            continue
        for code, value in column.items():
            z[code][indicator] = (value - mu) / sigma
    mine = z.get(target, {})
    own_country = (countries or {}).get(target)
    result = []
    for code, row in z.items():
        if code == target or (exclude_country and own_country and (countries or {}).get(code) == own_country):
            continue
        shared = set(mine) & set(row)
        if not shared:
            continue
        distance = math.sqrt(sum((mine[i] - row[i]) ** 2 for i in shared) / len(shared))
        result.append((code, distance, len(shared)))
    result.sort(key=lambda item: (item[1], item[0]))
    return result[:n]
