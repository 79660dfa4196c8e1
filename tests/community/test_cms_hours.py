"""Opening hours in Milan's time: 'open now' across days, midnight and time zones."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from community.hours import is_open_at

ROME = ZoneInfo("Europe/Rome")


def row(day, opens=None, closes=None, closed=False):
    t = lambda hm: hm and datetime.time(*hm)  # noqa: E731
    return SimpleNamespace(weekday=day, opens=t(opens), closes=t(closes), closed=closed)


WEEKDAYS_9_TO_18 = [row(d, (9, 0), (18, 0)) for d in range(5)] + [row(5, closed=True)]


def at(y, m, d, hh, mm, tz=ROME):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=tz)


def test_it_is_open_during_the_day_and_closed_after_hours():
    assert is_open_at(WEEKDAYS_9_TO_18, at(2026, 11, 25, 10, 0))  # a Wednesday
    assert not is_open_at(WEEKDAYS_9_TO_18, at(2026, 11, 25, 18, 0))


def test_it_is_closed_on_closed_days_and_days_without_hours():
    assert not is_open_at(WEEKDAYS_9_TO_18, at(2026, 11, 28, 10, 0))  # Saturday: closed
    assert not is_open_at(WEEKDAYS_9_TO_18, at(2026, 11, 29, 10, 0))  # Sunday: no row


def test_it_reads_the_clock_in_milan_whatever_the_zone_given():
    utc_evening = at(2026, 11, 25, 16, 30, tz=datetime.UTC)  # 17:30 in Milan
    assert is_open_at(WEEKDAYS_9_TO_18, utc_evening)
    assert not is_open_at(WEEKDAYS_9_TO_18, at(2026, 11, 25, 17, 30, tz=datetime.UTC))


def test_a_slot_closing_after_midnight_covers_the_early_hours_of_the_next_day():
    late = [row(4, (18, 0), (2, 0))]  # Friday 18:00 → Saturday 02:00
    assert is_open_at(late, at(2026, 11, 27, 23, 0))
    assert is_open_at(late, at(2026, 11, 28, 1, 30))
    assert not is_open_at(late, at(2026, 11, 28, 3, 0))


def test_midnight_to_midnight_means_round_the_clock():
    always = [row(d, (0, 0), (0, 0)) for d in range(7)]
    assert is_open_at(always, at(2026, 11, 29, 3, 15))
