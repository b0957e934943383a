"""Dates, times, numbers and amounts in the reader's language; times in another zone than the
reader's carry the zone's name."""

import zoneinfo
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

NBSP = "\xa0"
DAY = date(2026, 12, 2)
NOON_UTC = datetime(2026, 12, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
STOCKHOLM, VILNIUS = zoneinfo.ZoneInfo("Europe/Stockholm"), zoneinfo.ZoneInfo("Europe/Vilnius")


def _render(source, language, reader_zone=STOCKHOLM, **context):
    with translation.override(language), timezone.override(reader_zone):
        return Template("{% load portal_time %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "long_date", "amount"),
    [
        ("en", "2 December 2026", "1,234,567.50"),
        ("sv", "2 december 2026", f"1{NBSP}234{NBSP}567,50"),
        ("da", "2. december 2026", "1.234.567,50"),
        ("fi", "2. joulukuuta 2026", f"1{NBSP}234{NBSP}567,50"),
        ("lt", "2026 m. gruodžio 2 d.", f"1{NBSP}234{NBSP}567,50"),
        ("nb", "2. desember 2026", f"1{NBSP}234{NBSP}567,50"),
    ],
)
def test_dates_and_amounts_follow_the_language(language, long_date, amount):
    rendered = _render("{{ d|date:'DATE_FORMAT' }}|{{ n|floatformat:'2g' }}", language, d=DAY, n=Decimal("1234567.5"))
    assert rendered == f"{long_date}|{amount}"


def test_english_is_written_the_european_way():
    assert _render("{{ d|date:'SHORT_DATE_FORMAT' }} {{ t|time:'TIME_FORMAT' }}", "en", d=DAY, t=NOON_UTC) == (
        "02/12/2026 13:00"
    )


def test_a_time_in_another_zone_than_the_readers_names_the_zone():
    # A Vilnius event read in Stockholm: 14:00 Vilnius time, said to be EET.
    html = _render("{{ t|in_zone:'Europe/Vilnius' }}", "en", reader_zone=STOCKHOLM, t=NOON_UTC)
    assert html == '<time datetime="2026-12-02T12:00:00+00:00">2 December 2026, 14:00 EET</time>'
    assert _render("{{ t|time_in_zone:'Europe/Vilnius' }}", "fi", t=NOON_UTC).endswith(">14.00 EET</time>")


def test_a_time_in_the_readers_own_zone_needs_no_name():
    html = _render("{{ t|in_zone:'Europe/Vilnius' }}", "lt", reader_zone=VILNIUS, t=NOON_UTC)
    assert html == '<time datetime="2026-12-02T12:00:00+00:00">2026 m. gruodžio 2 d., 14:00</time>'


def test_summer_time_is_named_as_such_and_with_zone_always_names_it():
    midsummer = datetime(2026, 6, 24, 9, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert ">24 June 2026, 12:00 EEST<" in _render("{{ t|in_zone:'Europe/Vilnius' }}", "en", t=midsummer)
    assert ">24 June 2026, 11:00 CEST<" in _render("{{ t|with_zone }}", "en", t=midsummer)


def test_an_unknown_zone_falls_back_to_the_readers():
    assert _render("{{ t|in_zone:'Mars/Olympus' }}", "en", t=NOON_UTC).endswith(">2 December 2026, 13:00</time>")
