"""The KPI registry. Modules register providers in their AppConfig.ready(); the regions
dashboard and policy briefs read figures only through here, so they import no domain app.

A provider computes one indicator for a period, with a breakdown by region (NUTS-3 code of the
counted organisation), country and month. Where it counts SMEs it counts distinct organisations.
Figures for a larger region are the sum over the codes it contains: NUTS codes nest by prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Period:
    """[start, end): either bound may be open; `region`, a NUTS code, limits the count to the
    organisations in it (and its sub-regions), so a region's page aggregates only its own rows."""

    start: date | None = None
    end: date | None = None
    region: str = ""

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
        """Register (or replace: a module's ready() may run again) the provider for its code."""
        self._providers[provider.code] = provider
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


registry = KPIRegistry()
register = registry.register


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

    Four aggregate queries whatever the number of rows. Given the `period`, only its region's
    rows are aggregated (providers filter the dates themselves, on the field they choose).
    """
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    if period is not None:
        queryset = queryset.filter(**period.region_kwargs(region_field))

    count = Count(distinct_field, distinct=True)
    value = KPIValue(code=code, total=queryset.aggregate(n=count)["n"] or 0)
    for key, n in queryset.values_list(region_field).annotate(n=count).values_list(region_field, "n"):
        value.by_region[key or ""] = n
    for key, n in queryset.values_list(country_field).annotate(n=count).values_list(country_field, "n"):
        value.by_country[str(key)] = n
    months = queryset.annotate(month=TruncMonth(date_field)).values("month").annotate(n=count)
    for row in months.order_by("month"):
        value.by_month[row["month"].strftime("%Y-%m")] = row["n"]
    return value
