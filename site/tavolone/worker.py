"""The one background process (`manage.py worker`): everything that does not run in a request.

Two kinds of jobs, each a dotted path to a function returning how much it did:
- FREQUENT, every --poll seconds (default 0.25): a cheap query each, work only when some waits.
  The search outbox (a saved post is findable within a second of its commit) and the django-tasks
  database queue (TASKS_BACKEND=database: notification emails, moderation mail).
- PERIODIC, every --interval seconds (default 30): scheduled publishing (Wagtail's go-live and
  expiry), the moderators' digest of the approval queue, the SQLite planner's statistics, topic
  view counts from the cache into the database and the image renditions pages ask for
  (tavolone/pagecache).
The heartbeat (/healthz) is written after each periodic round. A failing job never stops the
others: it is logged and retried after a back-off (doubling, at most BACKOFF_MAX seconds).
SIGTERM/SIGINT finish the job in hand and exit (a second one exits at once).
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Callable
from importlib import import_module

from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.utils.crypto import get_random_string

from tavolone.home.health import beat

FREQUENT: tuple[str, ...] = ("search.services.run_pending", "tavolone.worker.run_queued_tasks")
PERIODIC: tuple[str, ...] = (
    "tavolone.worker.publish_scheduled",
    "forum.services.send_moderation_digests",
    "tavolone.home.dbstats.run_pending",
    "tavolone.pagecache.views.run_pending",
    "tavolone.pagecache.renditions.run_pending",
)
BACKOFF_MAX = 5.0  # seconds: an index back after an outage is drained within this
TASKS_PER_POLL = 20  # then the outbox gets its turn again

log = logging.getLogger("tavolone.worker")
_worker_id = get_random_string(32)


def publish_scheduled() -> int:
    """Wagtail's go-live and expiry, in one transaction with what its signals write (the search
    outbox rows): Wagtail saves a page, then signals, each a commit of its own outside a
    request; a worker killed in between would leave a live page the index never hears of."""
    with transaction.atomic():
        call_command("publish_scheduled", verbosity=0)
    return 0


def run_queued_tasks(limit: int = TASKS_PER_POLL) -> int:
    """Run up to `limit` ready tasks of the django-tasks database queue, with django_tasks_db's
    own machinery (claim under an exclusive transaction, run, record the result): what its
    `db_worker` does, here in the one worker. 0 with the in-process (immediate) backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return 0
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=_worker_id,
        excluded_queue_names=[],
    )
    ready = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    ran = 0
    # The read first: on SQLite a claim takes the write lock, which idle polls must not.
    while ran < limit and ready.exists():
        with exclusive_transaction(ready.db):
            claimed = ready.get_locked()
            if claimed is not None:
                claimed.claim(worker.worker_id)
        if claimed is None:
            break
        worker.run_task(claimed)  # records success or failure on the task's row
        ran += 1
    return ran


class Job:
    """One job and its back-off state."""

    def __init__(self, path: str) -> None:
        self.path = path
        module, name = path.rsplit(".", 1)
        self.fn: Callable[[], int] = getattr(import_module(module), name)
        self.failures = 0
        self.next_at = 0.0

    def run(self, now: float, base: float, strict: bool = False) -> int:
        if now < self.next_at:
            return 0
        try:
            done = self.fn() or 0
        except Exception as exc:
            if strict:
                raise
            self.failures += 1
            delay = min(BACKOFF_MAX, base * 2**self.failures)
            self.next_at = now + delay
            log.warning(
                "worker: %s failed (%s); retrying in %.1f s",
                self.path,
                exc,
                delay,
                exc_info=self.failures == 1,  # the traceback once, not four times a second
            )
            return 0
        if self.failures:
            log.info("worker: %s works again after %d failures", self.path, self.failures)
        self.failures, self.next_at = 0, 0.0
        return done


class Loop:
    def __init__(self, poll: float, interval: float) -> None:
        self.poll, self.interval = poll, interval
        self.frequent = [Job(path) for path in FREQUENT]
        self.periodic = [Job(path) for path in PERIODIC]
        self.running = True

    def once(self) -> None:
        """Every job once, failures raised (tests, cron-style use)."""
        for job in (*self.periodic, *self.frequent):
            job.run(time.monotonic(), self.poll, strict=True)
        beat()

    def forever(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        next_round = 0.0
        while self.running:
            close_old_connections()  # a database restart or CONN_MAX_AGE: reconnect
            now = time.monotonic()
            if now >= next_round:
                for job in self.periodic:
                    job.run(now, self.interval)
                self._beat()
                next_round = now + self.interval
            busy = sum(
                job.run(time.monotonic(), self.poll) for job in self.frequent if self.running
            )
            if self.running and not busy:
                time.sleep(self.poll)

    def _beat(self) -> None:
        try:
            beat()
        except Exception:  # the database is down: /healthz will say so; keep working
            log.exception("worker: could not record the heartbeat")

    def _stop(self, signum: int, frame) -> None:
        if not self.running:
            sys.exit(1)
        log.info("worker: %s received, stopping after the job in hand", signal.strsignal(signum))
        self.running = False
