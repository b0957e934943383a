"""What a page computes for everyone who may see it, cached until a table it reads changes.

An event's report figures, a session's schedule grid, the KPI dashboard's table: the same for
every viewer allowed to see them, and costly to build at programme scale. `cached()` keeps the
result under a key made of the tables it was read from, as they stand: django-cachalot (its query
cache off: CACHALOT_ENABLED = False) records in the cache when each table was last written, on any
write Django makes -- saves and deletes, queryset updates, bulk creates, many-to-many changes (the
portal writes no raw SQL: CACHALOT_INVALIDATE_RAW = False) -- and, inside a transaction, when it
commits. The key holds every table's stamp, so the first
read after a write misses and builds the value again; entries are never deleted, only no longer
asked for, and expire after `timeout` seconds (which also bounds anything that depends on the
clock, such as "upcoming"). The language and time zone of the request are part of the key.

What differs per viewer (their own row, a form's CSRF token, buttons) stays outside the cached
value. A cache outage builds the value as without a cache.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable

from cachalot.cache import cachalot_caches
from cachalot.settings import cachalot_settings
from django.apps import apps
from django.core.cache import cache, caches
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


def _tables(models: Iterable) -> list[str]:
    """Table names of models, "app_label.Model" strings, the many-to-many tables of fields
    given as "app_label.Model.field", or every table of an app given as "app_label"."""
    tables = []
    for item in models:
        if isinstance(item, str):
            parts = item.split(".")
            if len(parts) == 1:
                tables += [m._meta.db_table for m in apps.get_app_config(item).get_models(include_auto_created=True)]
                continue
            model = apps.get_model(parts[0], parts[1])
            if len(parts) == 3:
                tables.append(model._meta.get_field(parts[2]).remote_field.through._meta.db_table)
                continue
            item = model
        tables.append(item._meta.db_table)
    return tables


def stamp(models: Iterable) -> str:
    """When the tables of `models` were last written, as one string (part of a cache key)."""
    tables = sorted(set(_tables(models)))
    keygen = cachalot_settings.CACHALOT_TABLE_KEYGEN
    keys = [keygen(DEFAULT_DB_ALIAS, t) for t in tables]
    # Through cachalot's handler: inside a transaction it also sees that transaction's own writes.
    found = cachalot_caches.get_cache(db_alias=DEFAULT_DB_ALIAS).get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        # Never written since the cache began, or evicted (a local-memory cache culls when full):
        # a stamp of now, so that a part kept under "no stamp" before a write and an eviction is
        # never matched again.
        shared = caches[cachalot_settings.CACHALOT_CACHE]
        now = time.time()
        for k in missing:
            shared.add(k, now, cachalot_settings.CACHALOT_TIMEOUT)
        found.update(shared.get_many(missing))
    return ",".join(repr(found.get(k)) for k in keys)


def cached(name: str, vary: Iterable, models: Iterable, compute: Callable, timeout: int = CACHE_SECONDS):
    """compute(), or what it returned before for the same `name` and `vary` while none of the
    tables of `models` has been written since."""
    try:
        parts = [name, *map(str, vary), translation.get_language() or "", timezone.get_current_timezone_name()]
        key = "fragment:" + hashlib.sha256("\x1f".join([*parts, stamp(models)]).encode()).hexdigest()
        found = cache.get(key)
    except Exception:  # noqa: BLE001 -- no cache: build it
        logger.warning("Fragment cache unavailable: %s built without it", name, exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, timeout)
    except Exception:  # noqa: BLE001
        logger.warning("Fragment cache unavailable: %s not kept", name, exc_info=True)
    return value


class KeptPage:
    """What pagination links need of a Page, without its rows or queryset (a kept Page would
    pickle the query and read it all)."""

    def __init__(self, number: int, num_pages: int, count: int):
        self.number = number
        self.paginator = _KeptPaginator(num_pages, count)

    @classmethod
    def of(cls, page) -> KeptPage:
        return cls(page.number, page.paginator.num_pages, page.paginator.count)

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class _KeptPaginator:
    def __init__(self, num_pages: int, count: int):
        self.num_pages, self.count = num_pages, count


class KeptListMixin:
    """For a DRF list: the serialized page is kept (cached()) per full URL (pagination links are
    absolute), language and `kept_scope()` -- whatever makes one caller's list differ from
    another's -- until a table of `kept_models` is written. Set both on the viewset."""

    kept_models: tuple = ()
    kept_seconds: int = CACHE_SECONDS

    def kept_scope(self) -> str:
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        data = cached(
            f"api:{self.basename}",
            [self.kept_scope(), request.build_absolute_uri()],
            self.kept_models,
            lambda: super(KeptListMixin, self).list(request, *args, **kwargs).data,
            self.kept_seconds,
        )
        return Response(data)
