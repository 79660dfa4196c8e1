"""The ranking constants both engines share, so they cannot drift apart: each multiplies a
match's bm25 by 1 + SPACE_BOOST for a space, and by 1 + RECENT_BOOST / (1 + age / HALF_LIFE)
for anything else (news, threads; a document without a date is as old as the epoch).

No Django here: the embedded engine's writer process may import it.
"""

from __future__ import annotations

from datetime import date, datetime

SPACE_BOOST = 0.3
RECENT_BOOST = 0.6
# Seconds after which a document keeps half its recency boost (180 days, ~6 months).
HALF_LIFE = 15_552_000
# A cross-language cognate of a query word (search.text.cognates: nazioni → nation) counts for
# this share of a word: an alternative that may find more, never outweighing what was typed.
COGNATE_WEIGHT = 0.5


def moment(value: date | datetime | None) -> datetime | None:
    """When a document's age starts: its datetime, or a day (a news article's) at midnight in
    the process's time zone, which Django sets to TIME_ZONE (both engines date it by this)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).astimezone()
    return None


def boost(space: bool, ts: float | None, now: float) -> float:
    """What a match's bm25 is multiplied by (the embedded engine's RANK says it in SQL)."""
    if space:
        return 1.0 + SPACE_BOOST
    return 1.0 + RECENT_BOOST / (1.0 + max(0.0, now - (ts or 0.0)) / HALF_LIFE)
