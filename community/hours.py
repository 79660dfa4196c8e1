"""Opening hours and distances: plain functions, no database."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

ROME = ZoneInfo("Europe/Rome")
EARTH_KM = 6371.0088


class HoursRow(Protocol):
    weekday: int
    opens: datetime.time | None
    closes: datetime.time | None
    closed: bool


def _open_on(row: HoursRow, day: int, t: datetime.time) -> bool:
    """Whether `row` keeps the space open at time `t` of weekday `day`."""
    if row.closed or row.opens is None or row.closes is None:
        return False
    if row.opens < row.closes:  # a normal day
        return row.weekday == day and row.opens <= t < row.closes
    # closes at or before it opens: the slot runs past midnight into the next day
    if row.weekday == day and t >= row.opens:
        return True
    return (row.weekday + 1) % 7 == day and t < row.closes


def is_open_at(rows: Iterable[HoursRow], when: datetime.datetime | None = None) -> bool:
    """Open at `when` (default: now), read in Milan's time whatever the server's zone."""
    when = timezone.localtime(when or timezone.now(), ROME)
    day, t = when.weekday(), when.time()
    return any(_open_on(row, day, t) for row in rows)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def box_around(lat: float, lon: float, km: float) -> tuple[float, float, float, float] | None:
    """(south, north, west, east) in degrees: a box holding every point within `km` of
    (lat, lon); None where no such box is simple (a pole inside, or across the date line)."""
    arc = km / EARTH_KM  # radians
    south, north = lat - math.degrees(arc), lat + math.degrees(arc)
    if north >= 90 or south <= -90 or math.sin(arc) >= math.cos(math.radians(lat)):
        return None
    # The widest longitude reached at that distance (not at the box's latitude: further out).
    dlon = math.degrees(math.asin(math.sin(arc) / math.cos(math.radians(lat))))
    if lon - dlon < -180 or lon + dlon > 180:
        return None
    margin = 1e-5  # ~1 m: the database rounds coordinates to 6 decimals
    return south - margin, north + margin, lon - dlon - margin, lon + dlon + margin
