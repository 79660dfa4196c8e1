"""One engine's full rebuild, in its own process so its peak memory is its own.

`python -m bench.rebuild tavolone|tantivy|elasticsearch|whoosh|wagtail` prints one JSON line:
{"engine", "docs", "records", "seconds", "docs_per_s", "records_per_s", "peak_rss_mb",
"children_peak_rss_mb"}, or
{"engine", "na": reason}. "docs" are what the engine stores; "records" the posts and pages they
hold: the peers store one post or page per document, Tavolone one thread (all its posts).
"""

from __future__ import annotations

import io
import json
import os
import sys
import time


def peak_rss_mb(pid: int | str = "self") -> float:
    """VmHWM (peak resident set) from /proc; psutil is not a dependency."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _tavolone() -> int:
    try:
        from search import services
    except ImportError as exc:
        raise LookupError(f"search.services is not available ({exc})") from exc
    if not hasattr(services, "rebuild"):
        raise LookupError("search.services.rebuild() is not available")
    return int(services.rebuild(progress=None))


def _elasticsearch() -> int:
    """Tavolone's rebuild on the cluster of ELASTICSEARCH_URL (bench.settings keeps it aside)."""
    from django.conf import settings

    if not settings.BENCH_ELASTICSEARCH_URL:
        raise LookupError("ELASTICSEARCH_URL is not set")
    settings.ELASTICSEARCH_URL = settings.BENCH_ELASTICSEARCH_URL
    settings.SEARCH_ENGINE = "search.engines.elastic.ElasticsearchEngine"
    return _tavolone()


def _tantivy() -> int:
    """Tavolone's rebuild on the tantivy engine."""
    from django.conf import settings

    settings.SEARCH_ENGINE = TANTIVY
    return _tavolone()


TANTIVY = "search.engines.tantivy.TantivyEngine"


def _tavolone_records(_docs: int) -> int:
    from search import sources

    counts = sources.counts()
    return counts["space"] + counts["news"] + sources.indexed_posts()


def _whoosh() -> int:
    from django.core.management import call_command
    from haystack import connections

    call_command("clear_index", interactive=False, verbosity=0, stdout=io.StringIO())
    call_command("update_index", verbosity=0, batchsize=1000, stdout=io.StringIO())
    backend = connections["default"].get_backend()
    backend.setup()
    with backend.index.searcher() as searcher:
        return searcher.doc_count()


def _wagtail() -> int:
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    # manage.py update_index is Haystack's here (listed first): Wagtail keeps an alias.
    call_command("wagtail_update_index", verbosity=0, stdout=io.StringIO())
    return IndexEntry.objects.count()


ENGINES = {
    "tavolone": _tavolone,
    "tantivy": _tantivy,
    "elasticsearch": _elasticsearch,
    "whoosh": _whoosh,
    "wagtail": _wagtail,
}
# Posts and pages held by the documents, counted after the clock stops; the peers: one each.
RECORDS = dict.fromkeys(("tavolone", "tantivy", "elasticsearch"), _tavolone_records)


def main(engine: str) -> dict:
    import django

    django.setup()
    started = time.perf_counter()
    try:
        docs = ENGINES[engine]()
    except LookupError as reason:
        return {"engine": engine, "na": str(reason)}
    seconds = time.perf_counter() - started
    records = RECORDS.get(engine, int)(docs)
    return {
        "engine": engine,
        "docs": docs,
        "records": records,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 1) if seconds else 0.0,
        "records_per_s": round(records / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        # The embedded engine's writer process (the largest child that ended), 0 for the rest.
        "children_peak_rss_mb": _children_peak_rss_mb(),
    }


def _children_peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    print(json.dumps(main(sys.argv[1])))
