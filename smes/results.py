"""The directory page's results, cached for a minute per query.

A search for a common word with a domain ("bio" in BIO: 6,400 of 10,000 companies) costs
PostgreSQL about 75 ms to count and rank, most of the page's time, and many people run the same
few searches. The count and the ranked ids of the first pages are kept in the cache for
CACHE_SECONDS, under a generation token that every change to a company, its profile or its
domains replaces (on save, delete and many-to-many change, and again on commit), so a company
registered or edited shows at once, and anything written around the signals (bulk updates)
within a minute. The rows themselves (names, figures, what is private) are read fresh for each
page by id, so only membership and order can be that old. Pages past the cached ids, and any
cache outage, read the database as without a cache.
"""

import hashlib
import logging

from django.core.cache import cache
from django.db.models import QuerySet

from bsrstars import generations

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60
CACHED_IDS = 500  # the first 20 pages of 25
_GENERATION_KEY = "smes:directory:generation"


def invalidate(**kwargs) -> None:
    generations.bump(_GENERATION_KEY)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from bsrstars.accounts.models import Organisation

    from .models import SMEProfile

    for model in (Organisation, SMEProfile):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"smes-results-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"smes-results-delete-{model.__name__}")
    for field in ("s3_domains", "offer_domains", "need_domains"):
        through = getattr(SMEProfile, field).through
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"smes-results-m2m-{field}")


class Results:
    """What the paginator asks of a list: count() and slices, the slices in the query's order.
    `queryset` is the filtered directory; `rows` the directory its page rows are read from."""

    def __init__(self, queryset: QuerySet, query_string: str, rows: QuerySet):
        self.queryset, self.rows = queryset, rows
        digest = hashlib.sha256(query_string.encode()).hexdigest()[:32]
        self._key = f"smes:directory:results:{digest}"
        self._entry = None

    def _cached(self) -> dict | None:
        if self._entry is None:
            self._entry = self._read() or {}
        return self._entry or None

    def _read(self) -> dict | None:
        try:
            found = cache.get_many([_GENERATION_KEY, self._key])
        except Exception:  # noqa: BLE001 -- no cache: the database answers
            logger.warning("Directory cache unavailable: reading the database", exc_info=True)
            return None
        generation, entry = found.get(_GENERATION_KEY), found.get(self._key)
        if entry is not None and entry["generation"] == generation:
            return entry
        entry = {
            "generation": generation,
            "count": self.queryset.count(),
            "ids": list(self.queryset.values_list("pk", flat=True)[:CACHED_IDS]),
        }
        try:
            cache.set(self._key, entry, CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Directory cache unavailable: results not kept", exc_info=True)
        return entry

    def count(self) -> int:
        entry = self._cached()
        return entry["count"] if entry else self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        entry = self._cached()
        start, stop = index.start or 0, index.stop
        ids = entry["ids"] if entry else []
        if entry is None or stop is None or (stop > len(ids) and len(ids) < entry["count"]):
            return list(self.queryset[index])
        ids = ids[start:stop]
        rows = self.rows.in_bulk(ids)  # by id from the whole directory: the search is not run again
        return [rows[pk] for pk in ids if pk in rows]
