"""Search latency over a fixed query mix, for Tavolone's engine and the peers.

Each engine answers the same query classes the way its users would call it: Tavolone through
`search.services`, machina through its own search form over a Haystack SearchQuerySet (Whoosh),
Wagtail through its search backend (database backend, FTS5 on SQLite). A class an engine cannot
answer is reported as "n/a" with the reason, never timed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

MILAN = (45.4642, 9.1900)


@dataclass(frozen=True)
class QueryClass:
    name: str
    q: str
    kind: str = ""  # "" all kinds; "thread"; "space"
    filtered: bool = False  # restricted to the biggest public forum, with facet counts
    near: tuple[float, float] | None = None
    autocomplete: bool = False


QUERY_MIX = (
    QueryClass("common word", "parola"),
    QueryClass("rare word", "manzoni"),
    QueryClass("two words", "verbo passato"),
    QueryClass("phrase", '"passato remoto"'),
    QueryClass("inflected Italian", "parlavano"),
    QueryClass("accented", "città"),
    QueryClass("autocomplete prefix", "ital", autocomplete=True),
    QueryClass("filtered + faceted", "parola", kind="thread", filtered=True),
    QueryClass("spaces near a point", "", kind="space", near=MILAN),
)


class NotAvailable(Exception):
    """This engine cannot answer this query class (the reason is reported)."""


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": round(qs[49], 2), "p95": round(qs[94], 2), "p99": round(qs[98], 2)}


MIN_SAMPLES = 5
BUDGET_S = 20.0  # per engine and query class: a slow peer gets fewer (at least 5) samples


def time_query(call: Callable[[], int], repeats: int) -> dict:
    hits = call()  # warm-up (and the hit count reported)
    call()
    samples: list[float] = []
    cpu: list[float] = []  # this process's CPU time (all its threads) per call
    deadline = time.perf_counter() + BUDGET_S
    while len(samples) < repeats and (len(samples) < MIN_SAMPLES or time.perf_counter() < deadline):
        start, cpu_start = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    # On cores shared with other jobs a call waits for a core: its CPU time is what it costs
    # without that wait (the wall time of a quiet machine, roughly; I/O aside).
    return {"hits": hits, "samples": len(samples), **percentiles(samples), "cpu": percentiles(cpu)}


def run_engine(engine, forum_id: int, repeats: int) -> dict:
    """{query class: {hits, p50, p95, p99} or {"na": reason}}."""
    rows = {}
    for qc in QUERY_MIX:
        try:
            call = engine.prepare(qc, forum_id)
            rows[qc.name] = time_query(call, repeats)
        except NotAvailable as reason:
            rows[qc.name] = {"na": str(reason)}
    return rows


class Tavolone:
    """Tavolone's services, while bench.run sets SEARCH_ENGINE to the FTS5 engine (the
    baseline)."""

    name = "Tavolone (EmbeddedEngine)"

    def __init__(self) -> None:
        from search import services

        self.services = services
        self.user = AnonymousUser()

    def prepare(self, qc: QueryClass, forum_id: int) -> Callable[[], int]:
        if qc.autocomplete:
            return lambda: len(self.services.autocomplete(qc.q, self.user, 8))
        params = {"q": qc.q}
        if qc.kind:
            params["kind"] = qc.kind
        if qc.filtered:
            params["forum"] = str(forum_id)
        if qc.near:
            params["near"] = f"{qc.near[0]},{qc.near[1]}"
        return lambda: self.services.search(params, self.user).total


class TavoloneTantivy(Tavolone):
    """The same services, while bench.run sets SEARCH_ENGINE to the tantivy engine."""

    name = "Tavolone (TantivyEngine)"


class TavoloneElasticsearch(Tavolone):
    """The same services, while bench.run points ELASTICSEARCH_URL at the cluster."""

    name = "Tavolone (ElasticsearchEngine)"


class MachinaWhoosh:
    """machina's forum search: its SearchForm over Haystack (Whoosh), as its search view runs it."""

    name = "machina Haystack/Whoosh"

    def prepare(self, qc: QueryClass, forum_id: int) -> Callable[[], int]:
        from haystack.query import SearchQuerySet
        from machina.apps.forum_search.forms import SearchForm

        if qc.autocomplete:
            raise NotAvailable("machina's index has no autocomplete field")
        if qc.near:
            raise NotAvailable("posts only: no spaces, no geo search")
        data = {"q": qc.q}
        if qc.filtered:
            data["search_forums"] = [str(forum_id)]

        def call() -> int:
            form = SearchForm(data, user=AnonymousUser(), searchqueryset=SearchQuerySet())
            sqs = form.search().load_all()  # the view renders result.object
            results = list(sqs[:10])
            return sqs.count() if results else 0

        return call


class WagtailDatabase:
    """Wagtail's database search backend (modelsearch; FTS5 on SQLite) over pages and posts."""

    name = "Wagtail database backend"

    def __init__(self) -> None:
        from wagtail.search.backends import get_search_backend

        self.backend = get_search_backend()

    def prepare(self, qc: QueryClass, forum_id: int) -> Callable[[], int]:
        from modelsearch.query import Phrase
        from wagtail.models import Page

        from bench.models import WagtailIndexedPost

        if qc.near:
            raise NotAvailable("no geo search")
        if qc.autocomplete:
            return lambda: len(list(self.backend.autocomplete(qc.q, Page.objects.live())[:8]))
        query = Phrase(qc.q.strip('"')) if qc.q.startswith('"') else qc.q
        if qc.filtered:
            from machina.core.db.models import get_model

            Topic = get_model("forum_conversation", "Topic")
            topics = list(Topic.objects.filter(forum_id=forum_id).values_list("pk", flat=True))
            posts = WagtailIndexedPost.objects.filter(approved=True, topic_id__in=topics)

            def filtered() -> int:
                results = self.backend.search(query, posts)
                page = list(results[:10])
                results.facet("topic_id")  # Post has no forum field: facet by topic
                return results.count() if page else 0

            return filtered
        querysets = (Page.objects.live().public(), WagtailIndexedPost.objects.filter(approved=True))

        def call() -> int:
            # Wagtail searches one model tree per call: pages, then posts (10 results each).
            total = 0
            for qs in querysets:
                results = self.backend.search(query, qs)
                if list(results[:10]):
                    total += results.count()
            return total

        return call


def ratios(rows: dict[str, dict], baseline: dict[str, dict]) -> dict[str, float | None]:
    """p95 of an engine / p95 of Tavolone, per query class (> 1: Tavolone is faster)."""
    out = {}
    for name, row in rows.items():
        base = baseline.get(name, {})
        if "p95" in row and base.get("p95"):
            out[name] = round(row["p95"] / base["p95"], 1)
        else:
            out[name] = None
    return out


WORKER_POLL = 0.25  # seconds: `manage.py worker`'s default --poll


def _worker_drains(stop) -> None:
    """What the background worker does for search (tavolone/worker.py): drain the outbox every
    --poll seconds. Requests only record updates, so "findable" includes this wait."""
    from django.db import connection

    from search import services

    try:
        while not stop.is_set():
            services.run_pending()
            stop.wait(WORKER_POLL)
    finally:
        connection.close()


def realtime_delay(forum_id: int, samples: int = 5) -> dict:
    """Time from saving a new post (committed) to finding it in Tavolone's search, with the
    worker draining beside it: the median of `samples` posts (the first one also fills cold
    caches), and the slowest."""
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=_worker_drains, args=(stop,), daemon=True)
    worker.start()
    try:
        runs = [_realtime_once(forum_id) for _ in range(samples)]
    finally:
        stop.set()
        worker.join()
    found = [r["findable_after_ms"] for r in runs]
    if None in found:
        return {"save_ms": None, "findable_after_ms": None, "samples": samples}
    return {
        "save_ms": statistics.median(r["save_ms"] for r in runs),
        "findable_after_ms": statistics.median(found),
        "findable_after_max_ms": max(found),
        "samples": samples,
    }


def _realtime_once(forum_id: int, timeout: float = 10.0) -> dict:
    import secrets

    from django.db import transaction
    from machina.core.db.models import get_model

    from search import services

    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    topic = Topic.objects.filter(forum_id=forum_id, approved=True).order_by("-pk").first()
    token = f"zq{secrets.token_hex(5)}"  # a word found nowhere else
    user = AnonymousUser()
    start = time.perf_counter()
    with transaction.atomic():
        post = Post.objects.create(
            topic=topic,
            poster=topic.poster,
            subject=f"Re: {topic.subject}"[:255],
            content=f"Un messaggio nuovo con la parola {token}.",
            approved=True,
        )
    saved = time.perf_counter()
    found = None
    while time.perf_counter() - start < timeout:
        if services.search({"q": token}, user).total:
            found = time.perf_counter()
            break
        time.sleep(0.002)
    post.delete()
    return {
        "save_ms": round((saved - start) * 1000, 1),
        "findable_after_ms": round((found - start) * 1000, 1) if found else None,
    }
