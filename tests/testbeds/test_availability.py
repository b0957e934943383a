"""The one time rule, without a database: half-open periods, buffers, the first free start."""

from datetime import UTC, datetime, timedelta

from testbeds.availability import first_free_start, held, overlaps

T0 = datetime(2027, 3, 1, 8, tzinfo=UTC)
DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


def test_touching_periods_do_not_overlap_but_a_minute_does():
    assert not overlaps((T0, T0 + DAY), (T0 + DAY, T0 + 2 * DAY))
    assert overlaps((T0, T0 + DAY), (T0 + DAY - MINUTE, T0 + 2 * DAY))


def test_a_booking_holds_its_unit_through_the_buffer():
    assert held(T0, T0 + DAY, 4 * HOUR) == (T0, T0 + DAY + 4 * HOUR)


def test_first_free_start_skips_taken_time_and_keeps_the_buffer():
    taken = [(T0 + DAY, T0 + 2 * DAY)]
    window = (T0, T0 + 10 * DAY)
    assert first_free_start(taken, window=window, length=DAY, buffer=timedelta(0)) == T0
    assert first_free_start(taken, window=window, length=DAY, buffer=HOUR) == T0 + 2 * DAY
    assert first_free_start(taken, window=window, length=9 * DAY) is None


def test_first_free_start_needs_the_whole_booking_inside_the_window():
    assert first_free_start([], window=(T0, T0 + 2 * DAY), length=2 * DAY) == T0
    assert first_free_start([], window=(T0, T0 + 2 * DAY - MINUTE), length=2 * DAY) is None
