"""Suggested partners at an event, each with the reasons that rank it.

Score: +3 for each domain where one side offers what the other requests (either way), +1 for
each further domain both work on, then ×1.5 when the organisations are in different countries
(transnational cooperation is the programme's point), plus up to +2 from the complementarity of
the two organisations' regions' S3 profiles where both regions have one.
"""

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bsrstars import generations
from regions import complementarity
from regions import selectors as region_selectors
from regions.models import Region

from .models import DismissedSuggestion
from .selectors import open_request_partners, participant_catalogue

logger = logging.getLogger(__name__)


@dataclass
class Suggestion:
    registration: object
    score: float
    reasons: list[str] = field(default_factory=list)


def _domains(registration, kind):
    return {d.code for p in registration.profiles.all() if p.kind == kind for d in p.domains.all()}


def _names(codes, names):
    return ", ".join(sorted(names.get(c, c) for c in codes))


# Scoring reads every participant of the event, so the ranked list is cached per participant and
# language: under a token per event, replaced when a registration, cooperation profile (or its
# domains), meeting request, dismissal or the event itself changes, and a global one replaced
# when an organisation or anything in regions (S3 profiles: complementarity) changes. Writes that
# send no signals are seen at the latest CACHE_SECONDS later.
CACHE_SECONDS = 60
_GLOBAL_KEY = "events:suggestions:generation"


def _event_key(event_id) -> str:
    return f"events:suggestions:generation:{event_id}"


def _event_of(sender, instance):
    from .models import CooperationProfile, DismissedSuggestion, Event, MeetingRequest, Registration

    if sender is Event:
        return instance.pk
    if sender in (Registration, MeetingRequest):
        return instance.event_id
    if sender in (CooperationProfile, DismissedSuggestion, CooperationProfile.domains.through):
        registration = getattr(instance, "registration", None)
        return registration.event_id if registration is not None else None
    return None


def _on_write(sender, instance=None, **kwargs):
    if not kwargs.get("action", "post_").startswith("post_"):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    if meta.label == "accounts.Organisation" or meta.app_label == "regions":
        generations.bump(_GLOBAL_KEY)
        return
    if meta.app_label == "events":
        event_id = _event_of(sender, instance)
        if event_id is not None:
            generations.bump(_event_key(event_id))


def connect_signals() -> None:
    """Called from the app's ready(): keep the cached suggestions current."""
    from django.db.models import signals

    for name, signal in (("save", signals.post_save), ("delete", signals.post_delete), ("m2m", signals.m2m_changed)):
        signal.connect(_on_write, weak=False, dispatch_uid=f"events-suggestions-on-{name}")


def suggestions(registration, *, limit: int = 20) -> list[Suggestion]:
    """The ranked suggestions for `registration` (cached with the suggested participants and
    their organisations; see above). A cache hit reads the database not at all."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    event_key = _event_key(registration.event_id)
    key = f"events:suggestions:{registration.pk}:{limit}:{get_language()}"
    try:
        found = cache.get_many([_GLOBAL_KEY, event_key, key])
    except Exception:  # noqa: BLE001 -- no cache (outage): score now, as without one
        logger.warning("Cache unavailable: scoring partner suggestions", exc_info=True)
        return _score(registration, limit=limit)
    tokens = (found.get(_GLOBAL_KEY), found.get(event_key))
    entry = found.get(key)
    if entry is not None and entry["tokens"] == tokens:
        return entry["suggestions"]
    result = _score(registration, limit=limit)
    try:
        cache.set(key, {"tokens": tokens, "suggestions": result}, CACHE_SECONDS)
    except Exception:  # noqa: BLE001 -- the list is right; only not kept
        logger.warning("Cache unavailable: partner suggestions not stored", exc_info=True)
    return result


def _score(registration, *, limit: int) -> list[Suggestion]:
    from regions.models import S3Domain

    names = dict(S3Domain.objects.values_list("code", "name"))
    others = list(participant_catalogue(registration.event, {}, exclude=registration))
    hidden = set(DismissedSuggestion.objects.filter(registration=registration).values_list("other_id", flat=True))
    hidden |= open_request_partners(registration)
    mine_offer, mine_request = _domains(registration, "offer"), _domains(registration, "request")
    mine_all = {d.code for p in registration.profiles.all() for d in p.domains.all()}
    partner_regions = list(Region.objects.filter(is_partner=True))
    profiles = region_selectors.domain_profiles(partner_regions)

    def region_profile(org):
        code = org.region.code if org.region_id else ""
        return next((profiles[r.code] for r in partner_regions if code.startswith(r.code)), None)

    own_region = region_profile(registration.organisation)
    result = []
    for other in others:
        if other.pk in hidden:
            continue
        theirs_offer, theirs_request = _domains(other, "offer"), _domains(other, "request")
        theirs_all = {d.code for p in other.profiles.all() for d in p.domains.all()}
        score, reasons = 0.0, []
        give = mine_offer & theirs_request
        take = mine_request & theirs_offer
        if give:
            score += 3 * len(give)
            reasons.append(_("They look for %(domains)s, which you offer.") % {"domains": _names(give, names)})
        if take:
            score += 3 * len(take)
            reasons.append(_("They offer %(domains)s, which you look for.") % {"domains": _names(take, names)})
        shared = (mine_all & theirs_all) - give - take
        if shared:
            score += len(shared)
            reasons.append(_("You both work on %(domains)s.") % {"domains": _names(shared, names)})
        their_region = region_profile(other.organisation)
        if own_region and their_region and own_region.code != their_region.code:
            value = complementarity.complementarity(own_region, their_region).value
            if value > 0:
                score += 2 * value
                reasons.append(_("Your regions complement each other (score %(v).2f).") % {"v": value})
        if score and str(other.organisation.country) != str(registration.organisation.country):
            score *= 1.5
            reasons.append(_("A partner from another country."))
        if score:
            result.append(Suggestion(other, round(score, 2), reasons))
    result.sort(key=lambda s: (-s.score, s.registration.organisation.name))
    return result[:limit]


def dismiss(*, registration, other) -> None:
    DismissedSuggestion.objects.get_or_create(registration=registration, other=other)
