"""Opening hours in Milan's time: 'open now' across days, midnight and time zones."""

import datetime
import math
import random
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from community.hours import box_around, haversine_km, is_open_at

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


def test_distances_are_great_circle_kilometres():
    duomo, centrale = (45.4642, 9.1900), (45.4860, 9.2040)
    assert 2.5 < haversine_km(*duomo, *centrale) < 2.8


def destination(lat, lon, km, bearing):
    """The point `km` away from (lat, lon) heading `bearing` degrees (great circle)."""
    p1, l1, d, b = math.radians(lat), math.radians(lon), km / 6371.0088, math.radians(bearing)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


def test_the_box_around_a_point_holds_every_point_within_the_distance():
    rng = random.Random(7)
    for _ in range(3000):
        lat, lon, km = rng.uniform(-80, 80), rng.uniform(-170, 170), rng.choice([1, 5, 50, 500])
        box = box_around(lat, lon, km)
        if box is None:
            continue
        # Near the edge of the circle, any way: the widest longitude is not due east.
        other = destination(lat, lon, km * rng.uniform(0.98, 1.0), rng.uniform(0, 360))
        assert box[0] <= other[0] <= box[1] and box[2] <= other[1] <= box[3]


def test_there_is_no_box_across_a_pole_or_the_date_line():
    assert box_around(89.99, 9.19, 5) is None
    assert box_around(45.0, 179.99, 5) is None
    assert box_around(45.46, 9.19, 5) is not None
