import logging
import time
from importlib import import_module

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tavolone.home.health import beat

# Background jobs that run on every tick, by dotted path to a `run_pending() -> int` function.
# Apps add theirs here (search: apply pending index updates; SQLite: the planner's statistics;
# page cache: topic view counts from the cache into the database, image renditions).
JOBS: tuple[str, ...] = (
    "search.services.run_pending",
    "tavolone.home.dbstats.run_pending",
    "tavolone.pagecache.views.run_pending",
    "tavolone.pagecache.renditions.run_pending",
)

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Background work for one machine: publishes scheduled pages (Wagtail's go-live/expiry) "
        "and runs the apps' pending jobs every --interval seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        while True:
            for step in ("publish_scheduled", *JOBS):
                try:
                    self.run_step(step)
                except Exception:
                    if once:
                        raise
                    # A failing job must not stop scheduled publishing (or the other jobs).
                    logger.exception("worker: %s failed; retrying next tick", step)
            try:
                beat()
            except Exception:  # the database is down: /healthz will say so; keep working
                logger.exception("worker: could not record the heartbeat")
            if once:
                return
            time.sleep(interval)

    def run_step(self, step: str) -> None:
        if step == "publish_scheduled":
            call_command("publish_scheduled", verbosity=0)
        else:
            module, name = step.rsplit(".", 1)
            getattr(import_module(module), name)()
