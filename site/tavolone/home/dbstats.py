"""The query planner's statistics on SQLite (a worker job).

SQLite gathers no statistics by itself: without them it guesses that "topics in the readable
forums" is selective, reads every topic through the forum index and sorts them for the home
page's five latest, instead of walking the `last_post_on` index (docs/benchmarks.md, "History").
PostgreSQL's autovacuum keeps its own statistics: nothing to do there.
"""

from __future__ import annotations

import time

from django.db import connection

EVERY_S = 24 * 3600  # tables grow slowly: once a day is plenty
_last_run: float | None = None


def refresh() -> bool:
    """ANALYZE the database if it is SQLite; whether it did."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def run_pending() -> int:
    """When the worker starts, then daily."""
    global _last_run
    if _last_run is not None and time.monotonic() - _last_run < EVERY_S:
        return 0
    _last_run = time.monotonic()
    return int(refresh())
