"""Ranking coaches for an application: database-free, so it can be tested alone.

Score (out of 100): domain fit 40 (an exact S3 domain counts fully, a domain of the same family
half), a shared language 25, remaining capacity 15 (share of the coach's hours still free), and a
transnational pairing 20. A coach with no room left is listed last and cannot be assigned; a
same-country pairing is allowed but flagged "not transnational".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CoachFacts:
    key: object
    name: str
    country: str
    languages: frozenset[str]
    domains: frozenset[str]
    free_smes: int
    free_minutes: int
    capacity_minutes: int


@dataclass(frozen=True)
class Need:
    country: str
    languages: frozenset[str]
    domains: frozenset[str]
    minutes: int


@dataclass
class Suggestion:
    coach: CoachFacts
    score: float
    transnational: bool
    assignable: bool
    reasons: list[str] = field(default_factory=list)


def _family(code: str) -> str:
    return code.split(".", 1)[0]


def domain_fit(coach: CoachFacts, need: Need) -> tuple[float, list[str], list[str]]:
    """(share 0..1, exact matches, same-family matches)."""
    if not need.domains:
        return 0.0, [], []
    exact = sorted(need.domains & coach.domains)
    families = {_family(c) for c in coach.domains}
    near = sorted(d for d in need.domains - coach.domains if _family(d) in families)
    return (len(exact) + 0.5 * len(near)) / len(need.domains), exact, near


def score(coach: CoachFacts, need: Need, *, language_name=str) -> Suggestion:
    reasons = []
    fit, exact, near = domain_fit(coach, need)
    if exact:
        reasons.append(_("Domain fit: %(domains)s") % {"domains": ", ".join(exact)})
    if near:
        reasons.append(_("Related domains: %(domains)s") % {"domains": ", ".join(near)})
    if not exact and not near:
        reasons.append(_("No domain in common"))
    shared = sorted(need.languages & coach.languages)
    if shared:
        reasons.append(_("Shared language: %(languages)s") % {"languages": ", ".join(map(language_name, shared))})
    else:
        reasons.append(_("No shared language"))
    transnational = coach.country != need.country
    reasons.append(_("Transnational pairing") if transnational else _("Not transnational (same country)"))
    assignable = coach.free_smes > 0 and coach.free_minutes >= need.minutes
    free_share = coach.free_minutes / coach.capacity_minutes if coach.capacity_minutes else 0.0
    if assignable:
        reasons.append(
            _("Remaining capacity: %(smes)s SMEs, %(hours)s hours")
            % {"smes": coach.free_smes, "hours": f"{coach.free_minutes / 60:g}"}
        )
    else:
        reasons.append(_("No capacity left for this SME"))
    total = 40 * fit + (25 if shared else 0) + 15 * max(free_share, 0.0) + (20 if transnational else 0)
    return Suggestion(
        coach=coach, score=round(total, 1), transnational=transnational, assignable=assignable, reasons=reasons
    )


def rank(coaches: list[CoachFacts], need: Need, *, language_name=str) -> list[Suggestion]:
    """Best first: assignable coaches by score, then the rest; ties by name."""
    suggestions = [score(c, need, language_name=language_name) for c in coaches]
    return sorted(suggestions, key=lambda s: (not s.assignable, -s.score, s.coach.name))
