"""The one time rule of bookings, database-free, used by the booking service and the catalogue's
"free for N days between two dates" filter alike.

A booking from `start` to `end` holds its unit until `end + buffer`; a blackout until its end.
Periods are half-open [start, until): a block may begin at the very moment another one frees
the unit (touching periods), but not a minute earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

Span = tuple[datetime, datetime]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def held(start: datetime, end: datetime, buffer: timedelta = timedelta(0)) -> Span:
    """The span a booking keeps its unit: its own period plus the buffer after it."""
    return start, end + buffer


def first_free_start(
    taken: Iterable[Span], *, window: Span, length: timedelta, buffer: timedelta = timedelta(0)
) -> datetime | None:
    """The earliest start in `window` of a booking of `length` (held with `buffer`) that collides
    with none of the `taken` spans and ends within the window; None if there is none.

    A free start is either the window's start or the moment a taken span frees the unit.
    """
    spans = sorted(taken)
    candidates = sorted({window[0], *(until for _start, until in spans if window[0] < until < window[1])})
    for start in candidates:
        if start + length > window[1]:
            break
        wanted = held(start, start + length, buffer)
        if not any(overlaps(wanted, span) for span in spans):
            return start
    return None
