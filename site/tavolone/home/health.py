"""Health of one web process and what it depends on, for load balancers and staging.

Each check answers None when healthy or a short reason (never an exception's text, which may
name hosts or credentials; that goes to the log). The view answers 200 or 503 with the reasons.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

log = logging.getLogger(__name__)
WORKER = "worker"


def beat(name: str = WORKER) -> None:
    """Record that a background worker is alive (called at the end of each of its ticks)."""
    from tavolone.home.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return None if cursor.fetchone() == (1,) else "unexpected answer"


def check_cache() -> str | None:
    key, value = f"health:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, 10)
    try:
        return None if cache.get(key) == value else "a value written was not read back"
    finally:
        cache.delete(key)


def check_search() -> str | None:
    from search.services import health

    return health()


def check_worker() -> str | None:
    from tavolone.home.models import WorkerHeartbeat

    last = WorkerHeartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    if last is None:
        return "no heartbeat yet: is `manage.py worker` running?"
    age = timezone.now() - last
    if age > timedelta(seconds=settings.HEALTH_WORKER_STALE_SECONDS):
        return f"last heartbeat {int(age.total_seconds())} s ago"
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "worker": check_worker,
}


def report() -> tuple[bool, dict[str, dict[str, str]]]:
    """Run every check; a failing one does not stop the others."""
    results: dict[str, dict[str, str]] = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:
            log.exception("health: %s check failed", name)
            problem = f"failed ({type(exc).__name__})"
        results[name] = {"status": "fail", "reason": problem} if problem else {"status": "ok"}
    return all(r["status"] == "ok" for r in results.values()), results
