"""The KPI registry. Modules register providers in their AppConfig.ready(); the regions
dashboard and policy briefs read figures only through here, so they import no domain app.

A provider computes one indicator for a period, with a breakdown by region (NUTS-3 code of the
counted organisation), country and month. Where it counts SMEs it counts distinct organisations.
Figures for a larger region are the sum over the codes it contains: NUTS codes nest by prefix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Number = int | float | Decimal
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Period:
    """[start, end): either bound may be open; `region`, a NUTS code, limits the count to the
    organisations in it (and its sub-regions), so a region's page aggregates only its own rows."""

    start: date | None = None
    end: date | None = None
    region: str = ""
    # Only `total` is wanted (the region page shows one figure per indicator): providers may skip
    # the breakdowns by region, country and month.
    totals_only: bool = False

    def region_kwargs(self, field_name: str) -> dict:
        """Filter keyword arguments for the region asked for, on a field holding a NUTS code."""
        return {f"{field_name}__startswith": self.region} if self.region else {}

    def filter_kwargs(self, field_name: str) -> dict:
        kwargs = {}
        if self.start is not None:
            kwargs[f"{field_name}__date__gte"] = self.start
        if self.end is not None:
            kwargs[f"{field_name}__date__lt"] = self.end
        return kwargs


@dataclass
class KPIValue:
    code: str
    total: Number = 0
    by_region: dict[str, Number] = field(default_factory=dict)
    by_country: dict[str, Number] = field(default_factory=dict)
    by_month: dict[str, Number] = field(default_factory=dict)  # "YYYY-MM" -> value

    def for_region(self, region_code: str) -> Number:
        """The value for a region including its sub-regions."""
        return sum(v for code, v in self.by_region.items() if code and code.startswith(region_code))


@dataclass(frozen=True)
class KPIProvider:
    code: str
    name: str
    unit: str
    compute: Callable[[Period], KPIValue]
    description: str = ""


class KPIRegistry:
    def __init__(self):
        self._providers: dict[str, KPIProvider] = {}

    def register(self, provider: KPIProvider) -> KPIProvider:
        """Register (or replace: a module's ready() may run again) the provider for its code.
        Changes to the provider's app invalidate the cached current values (see current_all)."""
        self._providers[provider.code] = provider
        compute = getattr(provider.compute, "func", provider.compute)  # a functools.partial
        watch(compute.__module__.split(".")[0])
        return provider

    def unregister(self, code: str) -> None:
        self._providers.pop(code, None)

    def get(self, code: str) -> KPIProvider | None:
        return self._providers.get(code)

    def providers(self) -> list[KPIProvider]:
        return sorted(self._providers.values(), key=lambda p: p.code)

    def compute(self, code: str, period: Period | None = None) -> KPIValue:
        provider = self._providers.get(code)
        if provider is None:
            raise KeyError(f"No KPI provider registered as {code!r}.")
        return provider.compute(period or Period())

    def compute_all(self, period: Period | None = None) -> dict[str, KPIValue]:
        return {p.code: p.compute(period or Period()) for p in self.providers()}

    def current_all(self, period: Period | None = None) -> dict[str, KPIValue]:
        """compute_all() through the cache: the current values for the period, at most
        CACHE_SECONDS old and recomputed as soon as a row they are computed from changes."""
        return _cached(period or Period(), lambda period: self.compute_all(period))

    def current_stamp(self, period: Period | None = None) -> str:
        """Which computation current_all() would return now (its generation and time), for a
        page part built from the values to vary on; "" when none is cached."""
        from django.core.cache import cache

        entry = cache.get(_key(period or Period()))
        return f"{entry['generation']}:{entry['at']}" if entry else ""

    def refresh(self, period: Period | None = None) -> dict[str, KPIValue]:
        """Compute and cache the current values now (the periodic task, so pages find them fresh)."""
        return _cached(period or Period(), lambda period: self.compute_all(period), force=True)


registry = KPIRegistry()
register = registry.register


# Current values are cached (pages that show them are read far more often than the rows change)
# under the period, with a generation token that any write to a model the providers read replaces:
# a save, delete or many-to-many change in an app that registered a provider, or of an
# organisation. Writes that send no signals (QuerySet.update, bulk_create) are seen at the latest
# CACHE_SECONDS later; code doing them in bulk calls invalidate(). Between REFRESH_SECONDS and
# CACHE_SECONDS one request recomputes while the others still read the cached values, so many
# readers do not all recompute at once when the values age; with a worker, the periodic task
# regions.refresh_kpis recomputes the dashboard's and partner regions' values every 30 s, so
# pages find them fresh unless a write has just replaced the token.
CACHE_SECONDS = 60
REFRESH_SECONDS = 45
_GENERATION_KEY = "kpis:generation"
_watched_apps: set[str] = set()
_watched_models: set[str] = {"accounts.Organisation"}


def watch(*labels: str) -> None:
    """Changes to these apps ("events") or models ("accounts.Organisation") invalidate the cache;
    the app of every registered provider is watched already."""
    for label in labels:
        (_watched_models if "." in label else _watched_apps).add(label)


def invalidate() -> None:
    """The underlying rows changed: the next read recomputes (see bsrstars/generations.py)."""
    from bsrstars import generations

    generations.bump(_GENERATION_KEY)


def _is_watched(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return False
    if meta.auto_created:  # a many-to-many through table: the model it belongs to
        meta = meta.auto_created._meta
    return meta.app_label in _watched_apps or meta.label in _watched_models


def _on_write(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_") and _is_watched(sender):
        invalidate()


def _key(period: Period) -> str:
    return f"kpis:current:{period.start}:{period.end}:{period.region}:{int(period.totals_only)}"


def _cached(
    period: Period, compute: Callable[[Period], dict[str, KPIValue]], *, force: bool = False
) -> dict[str, KPIValue]:
    import time

    from django.core.cache import cache

    key = _key(period)
    try:
        found = cache.get_many([_GENERATION_KEY, key])
    except Exception:  # noqa: BLE001 -- no cache (outage): compute from the rows, as without one
        logger.warning("KPI cache unavailable: computing the current values", exc_info=True)
        return compute(period)
    generation, entry = found.get(_GENERATION_KEY), found.get(key)
    now = time.time()
    if entry is not None and entry["generation"] == generation and not force:
        age = now - entry["at"]
        if age < REFRESH_SECONDS or (age < CACHE_SECONDS and not cache.add(f"{key}:refresh", 1, 30)):
            return entry["values"]
    values = compute(period)
    try:
        cache.set(key, {"generation": generation, "at": now, "values": values}, CACHE_SECONDS)
        cache.delete(f"{key}:refresh")
    except Exception:  # noqa: BLE001 -- the values are right; only not kept
        logger.warning("KPI cache unavailable: current values not stored", exc_info=True)
    return values


def _connect_signals():
    from django.db.models import signals

    for name, signal in (("save", signals.post_save), ("delete", signals.post_delete), ("m2m", signals.m2m_changed)):
        signal.connect(_on_write, weak=False, dispatch_uid=f"kpis-invalidate-on-{name}")


_connect_signals()


def count_distinct_breakdown(
    queryset,
    *,
    code: str,
    distinct_field: str,
    date_field: str,
    region_field: str,
    country_field: str,
    period: Period | None = None,
) -> KPIValue:
    """A KPIValue counting distinct `distinct_field` in `queryset`, broken down three ways.

    Four aggregate queries whatever the number of rows (one for a `totals_only` period). Given
    the `period`, only its region's rows are aggregated (providers filter the dates themselves, on
    the field they choose).
    """
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    if period is not None:
        queryset = queryset.filter(**period.region_kwargs(region_field))

    count = Count(distinct_field, distinct=True)
    value = KPIValue(code=code, total=queryset.aggregate(n=count)["n"] or 0)
    if period is not None and period.totals_only:
        return value
    for key, n in queryset.values_list(region_field).annotate(n=count).values_list(region_field, "n"):
        value.by_region[key or ""] = n
    for key, n in queryset.values_list(country_field).annotate(n=count).values_list(country_field, "n"):
        value.by_country[str(key)] = n
    months = queryset.annotate(month=TruncMonth(date_field)).values("month").annotate(n=count)
    for row in months.order_by("month"):
        value.by_month[row["month"].strftime("%Y-%m")] = row["n"]
    return value
