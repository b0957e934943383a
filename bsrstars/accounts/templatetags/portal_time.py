"""Times in the zone they belong to (an event's, a facility's, a call's), named where a reader
could take them for their own zone's: {{ meeting.start|in_zone:event.timezone }} gives
"2 December 2026, 14:00 EET" to a reader in Stockholm and "2 December 2026, 14:00" to one in
Vilnius, in a <time> element carrying the exact instant. Formats follow the page's language."""

import zoneinfo
from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


def _zone(name) -> zoneinfo.ZoneInfo | None:
    if isinstance(name, zoneinfo.ZoneInfo):
        return name
    try:
        return zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def zone_label(value: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The zone's abbreviation at that instant (EET, EEST, CET), else its name."""
    abbreviation = value.astimezone(zone).tzname() or ""
    return abbreviation if abbreviation[:1].isalpha() else zone.key


def _differs_from_readers(value: datetime, zone: zoneinfo.ZoneInfo) -> bool:
    reader = timezone.get_current_timezone()
    return value.astimezone(zone).utcoffset() != value.astimezone(reader).utcoffset()


def _render(value, zone_name, format_name, always):
    if not isinstance(value, datetime):
        return value
    zone = _zone(zone_name) or timezone.get_current_timezone()
    if timezone.is_naive(value):
        value = timezone.make_aware(value, zone)
    local = value.astimezone(zone)
    text = formats.date_format(local, format_name)
    if always or _differs_from_readers(value, zone):
        text = f"{text} {zone_label(value, zone)}"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def in_zone(value, zone_name):
    """Date and time in `zone_name`, the zone named when it is not the reader's."""
    return _render(value, zone_name, "DATETIME_FORMAT", always=False)


@register.filter
def time_in_zone(value, zone_name):
    """Time of day in `zone_name`, the zone named when it is not the reader's."""
    return _render(value, zone_name, "TIME_FORMAT", always=False)


@register.filter
def with_zone(value, zone_name=None):
    """Date and time in `zone_name` (the reader's when not given), the zone always named."""
    return _render(value, zone_name, "DATETIME_FORMAT", always=True)
