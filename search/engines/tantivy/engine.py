"""The tantivy engine: tantivy (Rust, Lucene's design) in a folder of its own (store.py), no
server. The default (search.services.DEFAULT), or named by SEARCH_ENGINE.

The analysis is search/text.py's, done in Python (schema.py); tantivy scores the stems with
BM25 per field (query.py), and its best matches are scored again field by field as the
embedded engine's are (rerank.py, search/engines/fieldwise.py). Snippets, did you mean and
autocomplete follow the embedded engine's rules through the same shared code
(search/engines/highlight.py, text.corrections).
"""

from __future__ import annotations

import contextlib
import functools
import math
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version as installed
from typing import Any

import tantivy
from tantivy import Occur, Query

from search import text
from search.engines import fieldwise
from search.engines.base import BuiltHere, Engine, EngineUnavailable, Rebuild
from search.engines.embedded.write import digest, doc_values
from search.engines.highlight import prefixes, title_and_snippet
from search.engines.tantivy import query as tq
from search.engines.tantivy import rerank
from search.engines.tantivy.schema import (
    NO_PLACE,
    document,
    read_stored,
    schema,
    sequenced,
    stored_digest,
)
from search.engines.tantivy.store import Shelf
from search.facets import doc_values as facet_pairs
from search.params import Hit, SearchParams, SearchResults
from tavolone.lib.geo import box_around, distance_km

REBUILD_HEAP = 400_000_000  # bytes of the rebuild's writer (fewer, bigger segments)
AUTOCOMPLETE_READ = 200  # titles read to pick an autocomplete's best few by score and length
ASCENDING = tantivy.Order.Asc
NEAR_FIRST_KM = 5.0  # the first box's radius around a `near` point (a city's spaces)


class TantivyEngine(Engine):
    name = "tantivy"

    def __init__(self, path: str):
        self.path = str(path)
        self.schema = schema()
        self.shelf = Shelf(self.path)
        self.numbers = rerank.Cache()  # the re-ranking's numbers of the live index version
        self._version_facts = _Facts(None, 0.0, set(), {}, {})

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {"path": settings.SEARCH_TANTIVY_PATH}

    @property  # type: ignore[override]
    def built_here(self) -> BuiltHere | None:
        return self.shelf.built_here

    @built_here.setter
    def built_here(self, value: BuiltHere | None) -> None:
        self.shelf.built_here = value  # (services sets it after making the engine)

    def _searcher(self) -> tantivy.Searcher:
        return self.shelf.index().searcher()

    # --- writes -----------------------------------------------------------------------------
    def index(self, docs: list[dict], version: int = 0) -> None:
        index = self.shelf.index()
        searcher = index.searcher()
        now = time.time()
        fresh = [d for d in docs if self._stored_version(searcher, d["key"]) <= version]
        built = [document(d, version, now) for d in fresh]  # analysed before taking the lock
        self._write(index, [d["key"] for d in fresh], built)

    def delete(self, keys: list[str], version: int = 0) -> None:
        index = self.shelf.index()
        searcher = index.searcher()
        self._write(index, [k for k in keys if self._stored_version(searcher, k) <= version], [])

    def _stored_version(self, searcher: tantivy.Searcher, key: str) -> int:
        found = searcher.search(Query.term_query(self.schema, "key", key), limit=1).hits
        if not found:
            return -(2**63)
        return searcher.fast_field_values("version", [found[0][1]])[0] or 0

    def _write(self, index: tantivy.Index, gone: list[str], docs: list) -> None:
        if not gone and not docs:
            return
        writer = self.shelf.writer(index)
        try:
            first = _next_seq(index) if docs else 0  # the lock is ours: no other writer numbers
            for key in gone:  # deleted before the new state is added (opstamp order)
                writer.delete_documents_by_term("key", key)
            for i, doc in enumerate(docs):
                writer.add_document(sequenced(doc, first + i))
            writer.commit()
            writer.wait_merging_threads()  # lets go of the lock
        except ValueError as exc:
            with contextlib.suppress(ValueError):  # (nothing of the batch is kept either way)
                writer.rollback()
            raise EngineUnavailable(f"tantivy search index at {self.path}: {exc}") from exc

    def rebuild(self, build: Rebuild) -> int:
        folder, index = self.shelf.new_build()
        writer = index.writer(heap_size=REBUILD_HEAP)
        now = time.time()
        try:
            for doc in build.counted():  # numbered from 1 (counted() counts it first)
                writer.add_document(sequenced(document(doc, build.version, now), build.count))
            build.done()
            writer.commit()
            late_docs, late_keys = build.replay()  # changed meanwhile: newer than the build
            for key in late_keys + [d["key"] for d in late_docs]:
                writer.delete_documents_by_term("key", key)
            for i, doc in enumerate(late_docs, build.count + 1):
                writer.add_document(sequenced(document(doc, build.version + 1, now), i))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException as exc:
            del writer  # lets go of the new folder's lock before it goes
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, ValueError | OSError):
                raise EngineUnavailable(f"tantivy search index at {folder}: {exc}") from exc
            raise
        self.shelf.switch(folder, build.build_id)
        return build.count

    # --- reads ------------------------------------------------------------------------------
    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        p, started, now = params, time.perf_counter(), time.time()
        terms = text.query_terms(p.q)
        results = SearchResults(params=p)
        if not terms and not p.near and not p.chosen:
            return results
        searcher, version = self.shelf.reader()
        facts = self._facts(searcher, version, now)
        scored = groups = None
        extra, cognate_lit = [], ()
        if terms:
            corrections = self._corrections(terms, searcher, facts)
            results.suggestion = text.corrected(p.q, corrections)
            # Corrections are searched, and highlighted, as typed words.
            terms = terms + sorted(set(corrections.values()) - set(terms))
            groups = tq.forms(terms)
            # Cross-language cognates the index holds: more alternatives, at a lower weight.
            extra, cognate_lit = text.cognate_groups(
                terms, groups, functools.partial(tq.held, searcher)
            )
            groups += extra
            scored = tq.matching(self.schema, groups, len(extra))
        query = tq.combined(scored, *tq.filters(self.schema, p, forum_ids, facts.forums, now))
        k = p.offset + p.per_page
        if p.near:
            ranked, total = self._nearest(searcher, query, p.near, k)
        elif p.sort == "newest":
            found = searcher.search(query, limit=k, order_by_field="ts", order=tantivy.Order.Desc)
            ranked, total = [(0.0, 0, a) for _, a in found.hits], found.count
        elif scored is None:  # only chosen facet values: in the order they were indexed
            found = searcher.search(query, limit=k, order_by_field="seq", order=tantivy.Order.Asc)
            ranked, total = [(0.0, 0, a) for _, a in found.hits], found.count
        else:
            ranked, total = tq.top(searcher, query, max(k, fieldwise.DEPTH), now)
            typed = text.words(p.q)[: text.MAX_TERMS]  # stop words too: the typed title's
            numbers = self.numbers.of(version)
            ranked = rerank.rescored(
                searcher, self.schema, groups, typed, ranked, now, numbers, len(extra)
            )
            ranked = ranked[:k]
        names = functools.partial(self._forum_names, searcher, facts)
        results.facets = tq.counted(searcher, query, names) if total else {}
        results.total = total
        lit = prefixes(terms, cognate_lit)
        for score, _, address in ranked[p.offset :]:
            results.hits.append(self._hit(searcher, address, score, lit, p.near))
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def _nearest(self, searcher, query, point, k: int) -> tuple[tq.Ranked, int]:
        """The k matches nearest `point` (those without a location last), then by relevance.

        Only the matches in a box around the point are read and measured, the box growing ×4
        until k of them lie within its radius (the box holds every point within it, so none
        outside can be nearer): 20,000 spaces measured one by one cost ~50 ms a search."""
        total = searcher.search(query, limit=1, count=True).count
        km = NEAR_FIRST_KM
        while total > k and (box := box_around(*point, km)) is not None:
            south, north, west, east = box
            inside = tq.combined(
                query,
                [
                    tq.between(self.schema, "lat", south, north),
                    tq.between(self.schema, "lon", west, east),
                ],
            )
            n = searcher.search(inside, limit=1, count=True).count
            ranked = self._by_distance(searcher, inside, point, n, km) if n >= k else []
            if len(ranked) >= k:
                return ranked[:k], total
            km *= 4
        return self._by_distance(searcher, query, point, max(1, total), None)[:k], total

    @staticmethod
    def _by_distance(searcher, query, point, n: int, km: float | None) -> tq.Ranked:
        """The first n matches of `query` by distance (within `km` of `point`, if given; those
        without a location last), then by relevance."""
        found = searcher.search(query, limit=n).hits
        addresses = [a for _, a in found]
        lats = searcher.fast_field_values("lat", addresses)
        lons = searcher.fast_field_values("lon", addresses)
        seqs = searcher.fast_field_values("seq", addresses)
        rows = []
        for (score, address), lat, lon, seq in zip(found, lats, lons, seqs, strict=True):
            if lat == NO_PLACE:
                if km is None:
                    rows.append(((1, 0.0), -score, seq, address, score))
                continue
            d = distance_km(lat, lon, *point)
            if km is None or d <= km:
                rows.append(((0, d), -score, seq, address, score))
        rows.sort(key=lambda row: row[:3])
        return [(score, seq, address) for _, _, seq, address, score in rows]

    def _facts(self, searcher: tantivy.Searcher, version: object, now: float) -> _Facts:
        """What the index version `version` (the searcher's) holds, as of `now`."""
        facts = self._version_facts
        if facts.version != version or now >= facts.until:
            forums, until = set(), math.inf
            if searcher.num_docs:
                size = {"terms": {"field": "forum_id", "size": 1_000_000}}
                answer = searcher.aggregate(Query.all_query(), {"forum_id": size})
                forums = {int(b["key"]) for b in answer["forum_id"]["buckets"]}
                ahead = tq.combined(None, [], [tq.expired(self.schema, now)])
                first = {"first": {"min": {"field": "expire_at"}}}
                until = searcher.aggregate(ahead, first)["first"]["value"] or math.inf
            facts = self._version_facts = _Facts(version, until, forums, {}, {})
        return facts

    def _forum_names(self, searcher, facts: _Facts, ids: list[int]) -> dict[int, str]:
        """The names of the forums `ids` as the facts' index version holds them (a renamed
        forum's threads are indexed again: another version), each read from one of its
        documents the first time it is asked for."""
        names = facts.names
        for pk in ids:
            if pk not in names:
                query = Query.term_query(self.schema, "forum_id", pk)
                found = searcher.search(query, limit=1, count=False).hits
                meta = (
                    read_stored(searcher.doc(found[0][1]).get_first("stored"))[0] if found else ()
                )
                names[pk] = (meta[10] if meta else "") or str(pk)
        return {pk: names[pk] for pk in ids}

    @staticmethod
    def _hit(searcher, address, score: float, lit: tuple[str, ...], near) -> Hit:
        meta, title, body, _ = read_stored(searcher.doc(address).get_first("stored"))
        when, lat, lon, city, forum = meta[4], meta[11], meta[12], meta[7], meta[10]
        title_html, snippet_html = title_and_snippet(title, body, lit)
        return Hit(
            kind=meta[1],
            title=title,
            url=meta[3],
            snippet_html=snippet_html,
            date=datetime.fromisoformat(when) if when else None,
            distance_km=(
                round(distance_km(lat, lon, *near), 2) if near and lat is not None else None
            ),
            city=city or "",
            forum=forum or "",
            score=score,
            title_html=title_html,
        )

    # --- did you mean, autocomplete ---------------------------------------------------------
    def _corrections(self, words: list[str], searcher, facts: _Facts) -> dict[str, str]:
        expired = [tq.expired(self.schema, time.time())]

        def public_words(candidates: Iterable[str]) -> dict[str, int]:
            """Candidates held by public documents not yet expired, with their counts (the term
            dictionary first: it still counts deleted documents until a merge), kept with the
            facts: a common word's count is a search through all its documents."""
            found, counts = {}, facts.words
            for word in set(candidates):
                n = counts.get(word)
                if n is None:
                    n = 0
                    if searcher.doc_freq("words", word):
                        term = Query.term_query(self.schema, "words", word, "basic")
                        n = searcher.search(tq.combined(term, [], expired), limit=1).count
                    if len(counts) < _Facts.WORDS:
                        counts[word] = n
                if n:
                    found[word] = n
            return found

        def held_live(word: str) -> bool:
            public = Query.term_query(self.schema, "public", 1)
            stems = tq.matching(self.schema, tq.forms([word]))
            return bool(searcher.search(tq.combined(stems, [public], expired), limit=1).count)

        return text.corrections(words, public_words, held_live)

    def suggest(self, q: str) -> str:
        words = text.words(q)[: text.MAX_TERMS]
        typed = [w for w in words if w not in text.STOP_WORDS]
        searcher, version = self.shelf.reader()
        facts = self._facts(searcher, version, time.time())
        return text.corrected(q, self._corrections(typed, searcher, facts))

    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        terms = text.words(prefix)[: text.MAX_TERMS]
        if not terms or len(terms[-1]) < 2 and len(terms) == 1:
            return []
        searcher, version = self.shelf.reader()
        # Earlier words whole, the last as typed (a word is letters and digits: no regex syntax).
        clauses = [(Occur.Must, Query.term_query(self.schema, "title_w", t)) for t in terms[:-1]]
        last = Query.regex_query(self.schema, "title_w", f"{terms[-1]}.*")
        clauses.append((Occur.Must, last))
        now = time.time()
        forums = self._facts(searcher, version, now).forums
        excluded = [*tq.unreadable(self.schema, forum_ids, forums), tq.expired(self.schema, now)]
        public = [Query.term_query(self.schema, "public", 1)]
        query = tq.combined(Query.boolean_query(clauses), public, excluded)
        if len(terms) == 1:  # a prefix alone scores every title alike: the shortest first
            found = searcher.search(
                query, limit=limit, count=False, order_by_field="title_len", order=ASCENDING
            ).hits
            found = [(0.0, address) for _, address in found]
        else:
            found = searcher.search(query, limit=AUTOCOMPLETE_READ, count=False).hits
        addresses = [address for _, address in found]
        lengths = searcher.fast_field_values("title_len", addresses)
        seqs = searcher.fast_field_values("seq", addresses)
        best = sorted(
            zip(found, lengths, seqs, strict=True),
            key=lambda hit: (-round(hit[0][0], 4), hit[1], hit[2]),  # best, then shortest
        )[:limit]
        rows = [read_stored(searcher.doc(hit[0][1]).get_first("stored"))[0] for hit in best]
        return [{"title": meta[2], "url": meta[3], "kind": meta[1]} for meta in rows]

    # --- status -----------------------------------------------------------------------------
    def _all(self) -> tuple[tantivy.Searcher, list]:
        searcher = self._searcher()
        if not searcher.num_docs:
            return searcher, []
        return searcher, searcher.search(Query.all_query(), limit=searcher.num_docs).hits

    def fingerprints(self) -> dict[str, tuple[str, str]]:
        searcher, hits = self._all()
        out = {}
        for _, address in hits:
            blob = searcher.doc(address).get_first("stored")
            meta = read_stored(blob)[0]
            out[meta[0]] = (meta[1], stored_digest(blob))
        return out

    def fingerprint(self, doc: dict) -> str:
        return digest(*doc_values(doc), facet_pairs(doc))

    def status(self) -> dict:
        searcher = self._searcher()
        counts = {}
        if searcher.num_docs:
            answer = searcher.aggregate(
                Query.all_query(), {"kind": {"terms": {"field": "kind", "size": 100}}}
            )
            counts = {b["key"]: b["doc_count"] for b in answer["kind"]["buckets"]}
        return {
            "engine": f"{self.name} (tantivy {installed('tantivy')})",
            "location": str(self.shelf.live()),
            "documents": counts,
        }


@dataclass(frozen=True)
class _Facts:
    """What one index version holds for every query until its next expiry passes: the forums
    of its documents (their `forum_id`s, to exclude the unreadable ones), and, read as asked
    for, the forums' names and how many public documents hold each word (did you mean)."""

    version: object
    until: float  # the earliest expiry still ahead when they were read
    forums: set[int]
    names: dict[int, str]
    words: dict[str, int]

    WORDS = 50_000  # counts kept; beyond, none more


def _next_seq(index: tantivy.Index) -> int:
    """The number after the highest `seq` of the live documents (1 in an empty index), read
    from the last commit: call it holding the writer's lock."""
    index.reload()
    searcher = index.searcher()
    if not searcher.num_docs:
        return 1
    found = searcher.aggregate(Query.all_query(), {"seq": {"max": {"field": "seq"}}})
    return int(found["seq"]["value"] or 0) + 1
