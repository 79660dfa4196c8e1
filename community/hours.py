"""Opening hours in Milan's time: plain functions, no database."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone

ROME = ZoneInfo("Europe/Rome")


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
