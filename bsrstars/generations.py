"""Generation tokens: how cached reads learn that their rows changed.

A cache entry stores the token it was computed under; a write replaces the token (`bump`), so
the next read misses and recomputes. The token is replaced at once and again when the
transaction commits: a read in another process between the write and the commit saw the old
rows, and what it kept must not outlive the commit. A cache outage must not fail the write; the
reads then go to the database (each cache's own fallback).

Used by the KPI values (bsrstars/kpis.py), partner suggestions (events/recommend.py) and the
directory's results (smes/results.py).
"""

import logging
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def bump(key: str) -> None:
    def replace():
        try:
            cache.set(key, uuid4().hex, None)
        except Exception:  # noqa: BLE001 -- a cache outage must not fail the write
            logger.warning("Cache unavailable: generation %s not replaced", key, exc_info=True)

    replace()
    transaction.on_commit(replace)
