# SQL is assembled only from constant table/column names and placeholders; every user value
# is a bound parameter, and user words reach FTS5 quoted (maxscore.quote).
# ruff: noqa: S608
"""The embedded engine: SQLite FTS5 in its own file (schema.py), no server.

Matching and bm25 ranking read the stemmed title and body (title weighted 10×); the best rows
are then scored field by field (relevance.py, rerank.py). Every user word reaches FTS5 quoted,
never as syntax. A page by relevance skips the matches that cannot reach it (maxscore); facet
counts run meanwhile on a helper thread.
"""

from __future__ import annotations

import html
import os
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import apsw

from search import facets as registry
from search import text
from search.engines.base import Engine, EngineUnavailable, Rebuild
from search.engines.embedded import facets as embedded_facets
from search.engines.embedded.connection import IndexFile
from search.engines.embedded.load import Loader, LoadFailed
from search.engines.embedded.maxscore import any_of, quote
from search.engines.embedded.relevance import (
    BY_RELEVANCE,
    HIT_COLUMNS,
    RANK,
    STEMMED,
    Relevance,
)
from search.engines.embedded.schema import SCHEMA, SCHEMA_VERSION, TABLES, set_build, statements
from search.engines.embedded.write import (
    STORED_COLUMNS,
    digest,
    doc_rows,
    doc_values,
    remove,
    upsert,
)
from search.engines.highlight import prefixes, title_and_snippet
from search.params import Facet, Hit, SearchParams, SearchResults
from tavolone.lib.geo import distance_km as _distance_km

# Pages past their expiry, until the worker deletes them (the Elasticsearch engine's rule too).
LIVE = " AND (d.expire_at IS NULL OR d.expire_at > :alive_at)"


_POOL: ThreadPoolExecutor | None = None
_POOL_PID = 0


class EmbeddedEngine(Relevance, IndexFile, Engine):
    name = "embedded"

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        return {"path": settings.SEARCH_EMBEDDED_PATH}

    # --- writes -----------------------------------------------------------------------------
    def index(self, docs: list[dict], version: int = 0) -> None:
        rows = [doc_rows(d, version) for d in docs]  # stemming outside the write lock

        self._run(lambda conn: upsert(conn, rows, version, TABLES))

    def delete(self, keys: list[str], version: int = 0) -> None:
        self._run(lambda conn: remove(conn, keys, version, TABLES))

    def rebuild(self, build: Rebuild) -> int:
        conn = self._conn(check=False, create=True)  # the first rebuild creates the file
        new = tuple(f"{table}_new" for table in TABLES)
        # A fresh set of tables beside the live ones (a crashed rebuild's leftovers go first).
        drops = [f"DROP TABLE IF EXISTS {table}" for table in new]
        schema = statements(SCHEMA.format(**dict(zip(TABLES, new, strict=True))))
        # No merging while loading: one 'optimize' at the end merges everything once.
        merge_off = "INSERT INTO fts_new (fts_new, rank) VALUES ('automerge', 0)"
        self._run(lambda c: [c.execute(sql) for sql in [*drops, *schema, merge_off]], False)
        version = build.version
        loader = Loader(self.path, self.timeout, lambda fn: self._run(fn, False), version)
        try:
            for doc in build.counted():
                loader.add(build.count, doc)
            vocabulary, stems = loader.finish()
        except LoadFailed as exc:
            raise EngineUnavailable(f"embedded search index at {self.path}: {exc}") from exc
        finally:
            loader.abort()  # (after finish(): nothing left to stop)
        build.done()

        def finish(c):
            c.executemany("INSERT INTO vocab_new (word, docs) VALUES (?, ?)", vocabulary.items())
            c.executemany("INSERT INTO stems_new (stem, docs) VALUES (?, ?)", stems.items())
            c.execute("INSERT INTO fts_new (fts_new) VALUES ('optimize')")
            c.execute("INSERT INTO fts_new (fts_new, rank) VALUES ('automerge', 4)")

        self._run(finish, False)
        late_docs, late_keys = build.replay()
        late_rows = [doc_rows(d, version + 1) for d in late_docs]

        def swap(c):
            # Updates made during the build, then the switch: one transaction, so searches see
            # the old index or the new one, never a half-built one.
            upsert(c, late_rows, version + 1, new)
            remove(c, late_keys, version + 1, new)
            for old, table in zip(TABLES, new, strict=True):
                c.execute(f"DROP TABLE IF EXISTS {old}")
                c.execute(f"ALTER TABLE {table} RENAME TO {old}")
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            set_build(c, build.build_id)  # the new index's name goes live with it

        self._run(swap, False)
        self._claimed = (self._local.identity, build.build_id)
        self._local.current = False
        conn.execute("PRAGMA optimize")
        return build.count

    # --- reads ------------------------------------------------------------------------------
    @staticmethod
    def _forms(words: list[str]) -> list[list[str]]:
        return [sorted({text.stem(w, "italian"), text.stem(w, "english")}) for w in words]

    def _filters(self, p: SearchParams, forum_ids: list[int], args: dict) -> str:
        sql = " AND (d.forum_id IS NULL OR d.forum_id IN (SELECT value FROM json_each(:forums)))"
        args["forums"] = "[" + ",".join(str(int(i)) for i in forum_ids) + "]"
        sql += LIVE  # expired pages wait for the worker to delete them: hidden meanwhile
        args["alive_at"] = time.time()
        return (
            sql + embedded_facets.column_filters(p, args) + embedded_facets.value_filters(p, args)
        )

    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        p, started = params, time.perf_counter()
        terms = text.query_terms(p.q)
        results = SearchResults(params=p)
        if not terms and not p.near and not p.chosen:
            return results
        args: dict = {"now": time.time(), "limit": p.per_page, "offset": p.offset}
        where = self._filters(p, forum_ids, args)
        cognate_lit: tuple[str, ...] = ()
        if terms:
            corrections = self._corrections(terms)
            results.suggestion = text.corrected(p.q, corrections)
            # Corrections are searched, and highlighted, as typed words.
            terms = terms + sorted(set(corrections.values()) - set(terms))
            groups = self._forms(terms)
            # Cross-language cognates the index holds: more alternatives, at a lower weight.
            cognates, cognate_lit = text.cognate_groups(terms, groups, self._held_stems)
            groups += cognates
            args["match"] = STEMMED + any_of(groups)
            source = "fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH :match" + where
            rank = RANK
        else:  # only `near` or chosen facet values: every document they select
            source = "docs d WHERE 1" + where
            rank = "0"
        if p.near:
            args["lat"], args["lon"] = p.near
            order = "km(d.lat, d.lon, :lat, :lon) IS NULL, km(d.lat, d.lon, :lat, :lon), rank, d.id"
        elif p.sort == "newest":
            order = "d.ts DESC, rank, d.id"
        else:
            order = BY_RELEVANCE
        # Facets counted on the other core meanwhile (SQLite runs without the GIL).
        facets = self._helper().submit(
            self._facets,
            source,
            {k: v for k, v in args.items() if k not in ("now", "limit", "offset", "lat", "lon")},
        )
        select = f"SELECT {HIT_COLUMNS}, {rank} AS rank FROM {source} ORDER BY {order} "
        if terms and order == BY_RELEVANCE:
            typed = text.words(p.q)[: text.MAX_TERMS]  # stop words too: the typed title's
            rows = self._ranked(groups, typed, source, select, args, len(cognates))
        else:
            rows = self._read(select + "LIMIT :limit OFFSET :offset", args)
        results.facets = facets.result()
        results.total = sum(f.count for f in results.facets.get("kind", []))
        snippets = self._snippets([r[0] for r in rows], terms, cognate_lit)
        for doc_id, kind, title, url, when, lat, lon, city, forum, score in rows:
            title_html, body_html = snippets.get(doc_id, (None, None))
            results.hits.append(
                Hit(
                    kind=kind,
                    title=title,
                    url=url,
                    snippet_html=body_html or "",
                    date=datetime.fromisoformat(when) if when else None,
                    distance_km=(
                        round(_distance_km(lat, lon, *p.near), 2)
                        if p.near and lat is not None
                        else None
                    ),
                    city=city or "",
                    forum=forum or "",
                    score=-(score or 0.0),
                    title_html=title_html or html.escape(title),
                )
            )
        results.took_ms = (time.perf_counter() - started) * 1000
        return results

    def _facets(self, source: str, args: dict) -> dict[str, list[Facet]]:
        counts: dict[str, Counter] = {name: Counter() for name in ("kind", "city", "forum", "year")}
        labels = {}
        # Grouped by one integer per (kind, city, forum, year): sorting four columns per match
        # took twice as long.
        for kind, city, forum_id, forum, year, n in self._read(
            "SELECT f.kind, f.city, f.forum_id, f.forum, f.year, g.n FROM (SELECT d.facet, "
            f"count(*) AS n FROM {source} GROUP BY d.facet) AS g JOIN facets f ON f.id = g.facet",
            args,
        ):
            for name, value in (("kind", kind), ("city", city or None), ("forum", forum_id),
                                ("year", year)):  # fmt: skip
                if value is not None and registry.carries(registry.BY_NAME[name], kind):
                    counts[name][str(value)] += n
            if forum_id is not None:
                labels[str(forum_id)] = forum
        return {
            name: sorted(
                (Facet(str(value), str(labels.get(value, value)), n) for value, n in c.items()),
                key=lambda f: (-f.count, f.label),
            )
            for name, c in counts.items()
            if c
        } | embedded_facets.counts(self._read, source, args, counts["kind"])

    @staticmethod
    def _helper() -> ThreadPoolExecutor:
        global _POOL, _POOL_PID
        # One per process, made on first use (a pool made before a fork is dead in the child).
        if os.getpid() != _POOL_PID:
            # (threads are made as needed: one under gunicorn's sync workers, more if threaded)
            _POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-facets")
            _POOL_PID = os.getpid()
        return _POOL

    def _snippets(
        self, ids: list[int], terms: list[str], cognates: tuple[str, ...] = ()
    ) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        # In Python over the page's few documents: FTS5's highlight()/snippet() would re-run
        # these prefix queries over the whole index (100+ ms for a common word).
        lit = prefixes(terms, cognates)
        out: dict[int, tuple[str, str]] = {}
        for doc_id, title, body in self._read(
            f"SELECT rowid, title, body FROM fts WHERE rowid IN ({','.join('?' * len(ids))})", ids
        ):
            out[doc_id] = title_and_snippet(title, body, lit)
        return out

    def _held_stems(self, stems: set[str]) -> set[str]:
        """Which stems some document of the index holds (the `stems` table: one look-up)."""
        return set(self._doc_counts("stems", "stem", stems))

    def _public_words(self, candidates: Iterable[str]) -> dict[str, int]:
        """Which candidates occur in public titles/bodies, with their document frequency."""
        return self._doc_counts("vocab", "word", candidates)

    def _doc_counts(
        self, table: str, key: str, candidates: Iterable[str], count: str = "docs", where: str = ""
    ) -> dict[str, int]:
        """The candidates found in a counts table (vocab, stems, fts_columns: `where` picks the
        column), with their document counts."""
        found: dict[str, int] = {}
        cand = sorted(set(candidates))
        for i in range(0, len(cand), 500):
            chunk = cand[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {key}, {count} FROM {table} WHERE {where}{key} IN ({marks})"
            found.update(self._read(sql, chunk))
        return found

    def _corrections(self, words: list[str]) -> dict[str, str]:
        return text.corrections(words, self._public_words, self._held_live)

    def _held_live(self, word: str) -> bool:
        """Whether a public document not yet expired holds the word's stems: `vocab` keeps an
        expired page's words until the worker deletes it (the Elasticsearch engine's check)."""
        return bool(
            self._read(
                "SELECT 1 FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH :m "
                f"AND d.is_public = 1{LIVE} LIMIT 1",
                {"m": STEMMED + any_of(self._forms([word])), "alive_at": time.time()},
            )
        )

    def suggest(self, q: str) -> str:
        words = text.words(q)[: text.MAX_TERMS]
        return text.corrected(q, self._corrections([w for w in words if w not in text.STOP_WORDS]))

    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        terms = text.words(prefix)[: text.MAX_TERMS]
        if not terms or len(terms[-1]) < 2 and len(terms) == 1:
            return []
        match = "title : (" + " ".join(quote(t) for t in terms[:-1]) + f" {quote(terms[-1])} *)"
        rows = self._read(
            "SELECT d.title, d.url, d.kind FROM fts JOIN docs d ON d.id = fts.rowid "
            "WHERE fts MATCH :m AND d.is_public = 1 AND (d.forum_id IS NULL OR d.forum_id IN "
            f"(SELECT value FROM json_each(:forums))){LIVE} ORDER BY bm25(fts), length(d.title) "
            "LIMIT :limit",
            {"m": match, "forums": "[" + ",".join(str(int(i)) for i in forum_ids) + "]",
             "limit": limit, "alive_at": time.time()},
        )  # fmt: skip
        return [{"title": t, "url": u, "kind": k} for t, u, k in rows]

    def fingerprints(self) -> dict[str, tuple[str, str]]:
        def read(c) -> tuple[list, list]:  # one snapshot of both tables
            return (
                c.execute(
                    f"SELECT {STORED_COLUMNS}, d.id FROM docs d LEFT JOIN fts f ON f.rowid = d.id"
                ).fetchall(),
                c.execute("SELECT doc, facet, value FROM facet_values").fetchall(),
            )

        rows, values = self._run(read, begin="BEGIN")
        held: dict[int, list[tuple[str, str]]] = {}
        for doc_id, facet, value in values:
            held.setdefault(doc_id, []).append((facet, value))
        return {
            r[0]: (r[1], digest(r[:15], r[15] or "", r[16] or "", held.get(r[17], ())))
            for r in rows
        }

    def fingerprint(self, doc: dict) -> str:
        return digest(*doc_values(doc), embedded_facets.pairs(doc))

    def status(self) -> dict:
        rows = self._read("SELECT kind, count(*) FROM docs GROUP BY kind")
        return {
            "engine": f"{self.name} (SQLite {apsw.sqlite_lib_version()})",
            "location": self.path,
            "documents": dict(rows),
        }
