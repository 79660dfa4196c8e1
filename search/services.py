"""What other apps may ask of search: a few named functions (see docs/search.md).

search(params, user) and autocomplete(prefix, user) filter by what `user` may read at query
time (machina's readable forums), so a permission change needs no reindex. rebuild(), drain()
and status() keep the index equal to the database through the outbox (search.models).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from search import facets, sources
from search.engines.base import BuiltHere, Engine, EngineUnavailable, FirstBuild, Rebuild, SearchOff
from search.params import BadSearchInput, Facet, SearchParams, SearchResults
from search.text import fold

__all__ = [
    "BadSearchInput",
    "EngineUnavailable",
    "SearchParams",
    "SearchOff",
    "SearchResults",
    "autocomplete",
    "health",
    "drain",
    "engine_class",
    "get_engine",
    "rebuild",
    "record",
    "search",
    "status",
    "suggest",
]
log = logging.getLogger(__name__)
DRAIN_BATCH = 500
_engines: dict[tuple, Engine] = {}


EMBEDDED = "search.engines.embedded.EmbeddedEngine"
ELASTICSEARCH = "search.engines.elastic.ElasticsearchEngine"
TANTIVY = "search.engines.tantivy.TantivyEngine"
NULL = "search.engines.null.NullEngine"
# Unset SEARCH_ENGINE without a cluster: tantivy, 1.4-8.6x faster than FTS5 (p95) at large
# scale at every query class, with the same judged relevance (docs/benchmarks.md, 2026-12-04).
# FTS5 stays one setting away.
DEFAULT = TANTIVY
CHOICES = f"{TANTIVY}, {EMBEDDED}, {ELASTICSEARCH} or {NULL} (no search)"  # what to write


def engine_class() -> type[Engine]:
    """The class SEARCH_ENGINE names (a dotted path, as Wagtail's WAGTAILSEARCH_BACKENDS); unset:
    Elasticsearch when ELASTICSEARCH_URL is set, else tantivy (DEFAULT). ImproperlyConfigured,
    saying how to fix it, when it names no engine."""
    path = getattr(settings, "SEARCH_ENGINE", "") or (
        ELASTICSEARCH if settings.ELASTICSEARCH_URL else DEFAULT
    )
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE={path!r} cannot be imported ({exc}): use {CHOICES}, or unset it."
        ) from None
    if not (isinstance(cls, type) and issubclass(cls, Engine)):
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE={path!r} is not a search engine (a subclass of "
            f"search.engines.base.Engine): use {CHOICES}, or unset it."
        )
    return cls


def get_engine() -> Engine:
    """The configured engine, one per distinct configuration (tests change settings)."""
    cls = engine_class()
    options = cls.options(settings)
    key = (cls, *options.items())
    if key not in _engines:
        engine = cls(**options)
        engine.built_here = _built(cls.name)
        engine.first_build = _first_build(cls.name)
        _engines[key] = engine
    return _engines[key]


def _built(engine: str) -> BuiltHere:
    """Whether the site built the index carrying a build id: the one its last rebuild switched
    to, or the one a rebuild running now is switching to. No rebuild recorded yet: only an index
    without an id (built before ids were recorded) is the site's."""

    def built_here(build_id: str | None) -> bool:
        from search.models import IndexBuild

        row = IndexBuild.objects.filter(engine=engine).values_list("build", "next_build")
        build, next_build = row.first() or ("", "")
        return build_id == (build or None) or (bool(next_build) and build_id == next_build)

    return built_here


def _first_build(engine: str) -> FirstBuild:
    """The build id of an index a first write creates (Elasticsearch, no alias yet): the site's
    recorded build, else a new one recorded now. Two first writes at once record one id."""

    def first_build() -> str:
        from search.models import IndexBuild

        IndexBuild.objects.get_or_create(engine=engine)
        unset = IndexBuild.objects.filter(engine=engine, build="")
        unset.update(build=secrets.token_hex(8), switched=timezone.now())  # one writer wins
        return IndexBuild.objects.get(engine=engine).build

    return first_build


def _forum_ids(user) -> list[int]:
    """The forums `user` may read, plus the members' audience (sources.MEMBERS_AUDIENCE) for
    a signed-in active member."""
    from forum import services as forum_services

    user = user or AnonymousUser()
    ids = list(forum_services.readable_forum_ids(user))
    if user.is_authenticated and user.is_active:
        ids.append(sources.MEMBERS_AUDIENCE)
    return ids


def search(params: SearchParams | dict[str, Any], user: User | AnonymousUser) -> SearchResults:
    """Results the user may read. BadSearchInput: input to reject (400); EngineUnavailable:
    the engine is down (503)."""
    p = SearchParams.parse(params)
    if p.near is None and p.near_label:
        p.near = locate(p.near_label)
        if p.near is None:
            raise BadSearchInput(
                f'near: "{p.near_label[:40]}" is neither "latitude,longitude" nor a city or '
                "neighbourhood of one of our spaces."
            )
    _known_values(p)
    if p.near and not p.kind:
        p.kind = "space"  # "near" asks for places: spaces sorted by distance
    started = time.perf_counter()
    results = get_engine().search(p, _forum_ids(user))
    _label(results)
    results.took_ms = (time.perf_counter() - started) * 1000
    return results


def _known_values(p: SearchParams) -> None:
    """Drop the chosen facet values their vocabulary does not hold (a deleted amenity in a
    shared link), with a note: the rest of the search still answers."""
    for name, values in list(p.chosen.items()):
        facet = facets.BY_NAME[name]
        if not facet.vocabulary:
            continue
        vocabulary = getattr(sources, facet.vocabulary)()
        kept = [v for v in values if v in vocabulary]
        for value in values:
            if value not in vocabulary:
                p.notes.append(
                    _("%(facet)s: “%(value)s” is unknown and is ignored.")
                    % {"facet": facet.label, "value": value[:40]}
                )
        if kept:
            p.chosen[name] = kept
        else:
            del p.chosen[name]


def _label(results: SearchResults) -> None:
    """Name the stored facets' values in the reader's language (engines count values), drop
    values no longer in their vocabulary and facets of other kinds than the one chosen, and
    order each facet as the registry says."""
    for name, values in list(results.facets.items()):
        facet = facets.BY_NAME.get(name)
        kind = results.params.kind
        if facet is None or (kind and facet.kinds and kind not in facet.kinds):
            del results.facets[name]  # (amenities say nothing of threads)
            continue
        if facet.vocabulary:
            vocabulary = getattr(sources, facet.vocabulary)()
            values = [
                Facet(v.value, vocabulary[v.value], v.count)
                for v in values
                if v.value in vocabulary
            ]
        results.facets[name] = facets.sort_values(facet, values)
        if not results.facets[name]:
            del results.facets[name]


def locate(place: str) -> tuple[float, float] | None:
    """The centre of our located spaces in a city or neighbourhood named `place`."""
    from community.services import visible_spaces

    wanted = fold(place).strip()
    located = (
        visible_spaces()  # what a visitor may see: an expired space locates nothing either
        .exclude(latitude=None)
        .exclude(longitude=None)
        .values_list("city", "neighbourhood", "latitude", "longitude")  # rows, not 2,000 pages
    )
    points = [
        (float(lat), float(lon))
        for city, neighbourhood, lat, lon in located
        if wanted in (fold(city), fold(neighbourhood))
    ]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def autocomplete(prefix: str, user: User | AnonymousUser, limit: int = 8) -> list[dict]:
    """Titles of public spaces, news and threads matching what was typed so far."""
    prefix = (prefix or "").replace("\x00", "")[:100]
    limit = max(1, min(int(limit), 20))
    return get_engine().autocomplete(prefix, _forum_ids(user), limit)


def suggest(q: str) -> str:
    """ "Did you mean": the query with unknown words corrected from public words, or ""."""
    return get_engine().suggest((q or "").replace("\x00", "")[:300])


# --- keeping the index current ------------------------------------------------------------------
def record(kind: str, object_id: int) -> None:
    """Note that `kind:object_id` changed, in the caller's transaction (the outbox). Nothing
    else: the request commits and answers; the background worker applies the update (a web
    request never waits on the search engine, whichever it is)."""
    from search.models import IndexUpdate

    IndexUpdate.objects.create(kind=kind, object_id=object_id)


def pending() -> bool:
    """Whether updates wait in the outbox (one cheap query: the worker asks it several times a
    second)."""
    from search.models import IndexUpdate

    return IndexUpdate.objects.filter(applied=False).exists()


def clock() -> int:
    """The database's clock now, in microseconds: the version of the documents read after it.

    Outbox ids are handed out at insert, not at commit (PostgreSQL): a transaction with a smaller
    id may commit after one with a bigger id for the same thread, and versioning by id would
    throw its change away as older. A drain reads the clock after its rows are committed and
    before it reads their state, so whichever drain read the clock last wrote the newest state.
    One clock for every worker: the database's, not each machine's."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)")
        else:
            return time.time_ns() // 1000
        return int(cursor.fetchone()[0])


def _apply(engine: Engine, updates: list[tuple[str, int]], version: int) -> None:
    """Write the current state of `updates`, a bounded number of documents at a time (a
    forum-wide change is thousands of threads)."""
    for docs, gone in sources.resolve_batches(updates, DRAIN_BATCH):
        if docs:
            engine.index(docs, version)
        if gone:
            engine.delete(gone, version)


def drain(limit: int | None = None) -> int:
    """Apply pending updates in batches, re-reading the current state; delete each update only
    after the engine acknowledged it. EngineUnavailable leaves them pending."""
    from search.models import IndexUpdate, RebuildMarker

    engine, applied = get_engine(), 0
    while limit is None or applied < limit:
        batch = list(
            IndexUpdate.objects.filter(applied=False)
            .order_by("pk")
            .values_list("pk", "kind", "object_id")[:DRAIN_BATCH]
        )
        if not batch:
            break
        # Checked per batch, after reading it and before reading its state: a rebuild that
        # starts later reads that state itself; one running now replays the kept rows.
        rebuilding = RebuildMarker.objects.exists()
        if engine.indexes:  # (no index: nothing to read or write, the rows only go)
            _apply(engine, [(kind, oid) for _, kind, oid in batch], clock())
        done = IndexUpdate.objects.filter(pk__in=[row[0] for row in batch])
        if not rebuilding:
            done.delete()
        else:  # kept for the rebuild to replay into its new index
            done.update(applied=True)
            if not RebuildMarker.objects.exists():  # it ended meanwhile: they wait for a drain
                done.update(applied=False)
        applied += len(batch)
    return applied


def run_pending() -> int:
    """The worker's frequent job: drain if anything waits. EngineUnavailable propagates (the
    worker logs it and retries with a back-off; the updates wait in the outbox)."""
    return drain() if pending() else 0


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Index everything into a new index and switch to it atomically; returns documents indexed.
    Updates recorded meanwhile are replayed into the new index before the switch, and applied
    again after it (drains meanwhile wrote them to the old index, up to the switch)."""
    from search.models import IndexBuild, IndexUpdate, RebuildMarker

    engine, build = get_engine(), secrets.token_hex(8)
    # Recorded before the switch: a process opening the new index as soon as it is live knows
    # it for the site's (and an old copy, another site's index, for not).
    IndexBuild.objects.update_or_create(engine=engine.name, defaults={"next_build": build})
    floor = IndexUpdate.objects.aggregate(m=Max("pk"))["m"] or 0
    marker = RebuildMarker.objects.create(floor=floor)
    version = clock()  # before reading: a change committed later waits in the outbox

    def replay():
        # Every row, not only those above the floor: ids are not in commit order. A replay
        # re-reads the current state, so replaying too much is only extra work.
        updates = sorted(set(IndexUpdate.objects.values_list("kind", "object_id")))
        return sources.resolve(updates) if updates else ([], [])

    try:
        count = engine.rebuild(Rebuild(sources.all_docs(), version, replay, progress, build))
        builds = IndexBuild.objects.filter(engine=engine.name)
        builds.update(build=build, switched=timezone.now())
        builds.filter(next_build=build).update(next_build="")  # (unless another rebuild began)
    finally:
        marker.delete()
        # Applied to the index that was live then: pending again, for the index live now.
        IndexUpdate.objects.filter(applied=True).update(applied=False)
    with contextlib.suppress(EngineUnavailable):  # the worker retries what is left
        drain()
    return count


def status(compare: bool = True) -> dict:
    """Documents per kind in the database and in the index, and the pending updates. With
    `compare` (and an engine that can tell), each document's content too: `drift` counts the
    documents missing, extra or different in the index, `differing` names them; 0 only if the
    index holds exactly the database's documents."""
    from search.models import IndexUpdate

    info: dict[str, Any] = {"database": sources.counts(), "pending": IndexUpdate.objects.count()}
    engine, indexed = get_engine(), None
    try:
        info.update(engine.status())
        indexed = engine.fingerprints() if compare else None
    except EngineUnavailable as exc:
        info.update(engine=engine.name, error=str(exc), documents={})
    info["drift"] = {
        kind: n - info["documents"].get(kind, 0) for kind, n in info["database"].items()
    }
    info["compared"] = "counts"
    if not engine.indexes:  # search is off: no index to differ from the database
        info["drift"] = {kind: 0 for kind in info["database"]}
        info["compared"] = "nothing"
    elif indexed is not None:
        expected = {d["key"]: (d["kind"], engine.fingerprint(d)) for d in sources.all_docs()}
        differing = sorted(
            k for k in expected.keys() | indexed.keys() if expected.get(k) != indexed.get(k)
        )
        info["differing"] = differing
        info["drift"] = {kind: 0 for kind in info["database"]}
        for key in differing:
            kind = (expected.get(key) or indexed[key])[0]
            info["drift"][kind] = info["drift"].get(kind, 0) + 1
        info["compared"] = "content"
    return info


def health() -> str | None:
    """None when the engine answers, else a short reason for the site's public health check
    (the engine's own message, which names hosts and paths, goes to the log)."""
    try:
        get_engine().status()
    except EngineUnavailable as exc:
        log.warning("health: search engine unavailable: %s", exc)
        return "search engine unavailable"
    return None
