"""What waits for a person: the landing page reads this registry.

Modules add a provider in their AppConfig.ready() (like the navigation registry), so the home
view never imports a domain app. A provider takes the signed-in user and returns Items; it must
run a bounded number of queries (aggregate counts, one row per group, sliced lists) so that the
home's query count does not grow with a person's data.

Kinds: TASK (something the person should do, with a count and a deadline), DATE (an upcoming
date in their calendar) and STATUS (the state of something they look after: their event, their
region's profile, their organisation).
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format

logger = logging.getLogger(__name__)

TASK = "task"
DATE = "date"
STATUS = "status"

# Badge tones (CSS: .badge--<tone>); each pairs its text with a colour, never colour alone.
NEUTRAL, INFO, OK, WARN, ALERT = "neutral", "info", "ok", "warn", "alert"


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str = NEUTRAL


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    url: str = ""
    count: int | None = None
    deadline: datetime | date | None = None
    detail: str = ""
    badges: tuple[Badge, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # further (label, url) pairs
    # For ordering dates and statuses (deadline orders tasks); None sorts last.
    when: datetime | date | None = None
    value: float | None = None  # an indicator's current value, shown against `target`
    target: float | None = None
    rows: tuple[tuple[str, str], ...] = ()  # a small (label, value) table
    group: str = ""  # statuses: the heading they are shown under ("Events you organise")

    @property
    def percent(self) -> int | None:
        """The share of the target reached, 0-100 (for the progress bar)."""
        if self.value is None or not self.target:
            return None
        return max(0, min(100, round(100 * float(self.value) / float(self.target))))

    def sort_key(self):
        moment = self.deadline if self.kind == TASK else self.when
        return (moment is None, _as_datetime(moment) if moment is not None else None, str(self.title))


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, time.min))


def local_day(value: datetime | date) -> str:
    """A moment's day in the reader's time zone, written in their language's date format."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return date_format(value)


Provider = Callable[[object], list[Item]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (idempotent: AppConfig.ready() may run more than once in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def providers() -> list[Provider]:
    return list(_PROVIDERS)


@dataclass
class Home:
    tasks: list[Item]
    dates: list[Item]
    statuses: list[Item]

    @property
    def open_tasks(self) -> int:
        return sum(item.count or 1 for item in self.tasks)


KEPT_SECONDS = 60  # the home page, per person; bounds what moves with the clock ("due in 2 days")


@functools.cache
def portal_apps() -> tuple[str, ...]:
    """The apps whose rows the providers read: the portal's own (those in this repository) and
    allauth's accounts (e-mail addresses); a write to any of their tables renews kept items."""
    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    own = [
        c.label
        for c in apps.get_app_configs()
        if Path(c.path).resolve().is_relative_to(base) and "site-packages" not in Path(c.path).parts
    ]
    return ("account", *own) if "account" in apps.app_configs else tuple(own)


def items_for(user) -> Home:
    """Every provider's items for `user`: tasks soonest deadline first (those without a deadline
    last), then dates in calendar order, then statuses as the providers give them. (The home page
    that shows them is kept KEPT_SECONDS per person, renewed after any write to the tables of
    portal_apps().)"""
    items: list[Item] = []
    for provider in _PROVIDERS:
        items.extend(provider(user) or [])
    by_kind = {TASK: [], DATE: [], STATUS: []}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return Home(
        tasks=sorted(by_kind[TASK], key=Item.sort_key),
        dates=sorted(by_kind[DATE], key=Item.sort_key),
        statuses=by_kind[STATUS],  # in the providers' order: each module groups its own
    )
