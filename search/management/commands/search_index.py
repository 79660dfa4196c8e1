import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search import services


class Command(BaseCommand):
    help = (
        "Manage the search index. rebuild: index everything into a new index and switch to it "
        "atomically; status: documents per kind in the database vs the index (drift: documents "
        "missing, extra or with different content), pending updates; "
        "drain: apply pending updates now."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "drain"])

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, action)()
        except services.EngineUnavailable as exc:
            raise CommandError(f"search engine unavailable: {exc}") from exc

    def rebuild(self):
        total = sum(services.status(compare=False)["database"].values())
        started = time.perf_counter()
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty() or sys.stdout.isatty()

        def progress(done: int) -> None:
            width, share = 30, min(1.0, done / total) if total else 1.0
            bar = "#" * int(width * share) + "-" * (width - int(width * share))
            line = f"[{bar}] {done}/{total} documents"
            self.stdout.write(f"\r{line}" if tty else line, ending="" if tty else "\n")

        count = services.rebuild(progress=progress)
        seconds = time.perf_counter() - started
        rate = count / seconds if seconds else 0
        self.stdout.write(
            ("\n" if tty else "")
            + f"Indexed {count} documents in {seconds:.1f} s ({rate:.0f} docs/s) "
            f"with the {services.get_engine().name} engine; switched atomically."
        )

    def status(self):
        info = services.status()
        self.stdout.write(f"engine: {info['engine']}")
        if info.get("error"):
            self.stdout.write(f"UNAVAILABLE: {info['error']}")
        self.stdout.write(f"{'kind':<8} {'database':>9} {'index':>9} {'drift':>7}")
        for kind, n in info["database"].items():
            indexed = info["documents"].get(kind, 0)
            self.stdout.write(f"{kind:<8} {n:>9} {indexed:>9} {info['drift'][kind]:>7}")
        if info["compared"] == "content":
            differing = info["differing"]
            self.stdout.write(
                f"documents missing, extra or different in the index: {len(differing)}"
            )
            for key in differing[:20]:
                self.stdout.write(f"  {key}")
        elif info["compared"] == "nothing":
            self.stdout.write("(search is turned off: nothing is indexed, updates are dropped)")
        else:
            self.stdout.write("(counts only: this engine's content was not compared)")
        self.stdout.write(f"pending updates: {info['pending']}")

    def drain(self):
        applied = services.drain()
        self.stdout.write(f"Applied {applied} pending index updates.")
