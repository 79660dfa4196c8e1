from django.core.management.base import BaseCommand

from tavolone.worker import Loop


class Command(BaseCommand):
    help = (
        "The one background process (see tavolone/worker.py): applies search index updates and "
        "runs queued tasks (emails) every --poll seconds; publishes scheduled pages and runs the "
        "periodic jobs every --interval seconds; records the heartbeat /healthz checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=0.25)
        parser.add_argument("--interval", type=float, default=30.0)
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, poll: float, interval: float, once: bool, **options):
        loop = Loop(poll=poll, interval=interval)
        if once:
            loop.once()
        else:
            loop.forever()
