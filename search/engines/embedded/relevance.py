# SQL is assembled only from constant table/column names and placeholders; user words reach
# FTS5 quoted (maxscore.quote).
# ruff: noqa: S608
"""How the embedded engine ranks a page by relevance: FTS5's bm25 times the boosts finds the
best matches (maxscore.py prunes the rest), then the first fieldwise.DEPTH are scored again
field by field (search/engines/fieldwise.py, with FTS5's numbers: rerank.py). A mixin of
EmbeddedEngine: it reads through the engine's connection.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from itertools import chain

from search import text
from search.engines import fieldwise
from search.engines.embedded import rerank
from search.engines.embedded.maxscore import any_of
from search.engines.embedded.maxscore import top as pruned_top
from search.ranking import HALF_LIFE, RECENT_BOOST, SPACE_BOOST

BOOST = (
    f"(1.0 + CASE WHEN d.kind = 'space' THEN {SPACE_BOOST} "
    f"ELSE {RECENT_BOOST} / (1.0 + max(0.0, :now - coalesce(d.ts, 0)) / {HALF_LIFE:.1f}) END)"
)  # recency: news and threads lose half their boost after ~6 months (search/ranking.py)
RANK = f"bm25(fts, 0.0, 0.0, 10.0, 1.0) * {BOOST}"
BOOST_MAX = 1.0 + max(SPACE_BOOST, RECENT_BOOST)  # the most RANK multiplies bm25 by
STEMMED = "{title_s body_s} : "  # matching and ranking read the stemmed columns
HIT_COLUMNS = "d.id, d.kind, d.title, d.url, d.date, d.lat, d.lon, d.city, d.forum"
SCAN_MATCHES = 5_000  # re-scoring reads every match up to this many (the stems' documents)
BY_RELEVANCE = "rank, d.id"  # ties in one order, page after page (maxscore sorts the same way)


class Relevance:
    """EmbeddedEngine's ranking (it provides _read, _run and _doc_counts)."""

    def _ranked(
        self,
        groups: list[list[str]],
        typed: list[str],
        source: str,
        select: str,
        args: dict,
        cognates: int = 0,
    ) -> list[tuple]:
        """The page by relevance: FTS5's best rows, the first fieldwise.DEPTH scored again
        field by field; rows past them keep FTS5's order, so pages never overlap. The last
        `cognates` groups are cognates of the words (fieldwise.word_idfs weighs them less)."""
        first = {**args, "offset": 0, "limit": max(args["offset"] + args["limit"], fieldwise.DEPTH)}
        rows = self._pruned(groups, source, first)
        if rows is None:
            rows = self._read(select + "LIMIT :limit OFFSET :offset", first)
        head, tail = rows[: fieldwise.DEPTH], rows[fieldwise.DEPTH :]
        if len(head) > 1:
            scores = self._run(
                lambda _: self._rescored(groups, typed, head, cognates), begin="BEGIN"
            )
            # A row deleted between the two reads keeps its place after the others.
            head = sorted(
                ((*r[:-1], -scores[r[0]]) for r in head if r[0] in scores),
                key=lambda r: (r[-1], r[0]),
            ) + [r for r in head if r[0] not in scores]
        return (head + tail)[args["offset"] : args["offset"] + args["limit"]]

    def _rescored(
        self, groups: list[list[str]], typed: list[str], rows: list, cognates: int = 0
    ) -> dict:
        """Each row's field-wise BM25 (fieldwise.py) times its boost, by id."""
        typed = sorted(set(typed))
        stems = self._doc_counts("stems", "stem", chain(*groups))
        # FTS5 finds the rows by reading every match (~0.5 µs each) or by seeking each row
        # (~0.2 ms each at medium): a seek only when the matches are many ("+" forbids it).
        seek = "" if sum(stems.values()) > SCAN_MATCHES else "+"
        found = self._read(
            f"SELECT fts.rowid, {rerank.NAME}(fts), fts.title, {BOOST} FROM fts JOIN docs d ON "
            f"d.id = fts.rowid WHERE fts MATCH :m AND {seek}fts.rowid IN "
            "(SELECT value FROM json_each(:ids))",
            {"m": STEMMED + any_of(groups), "now": time.time(),
             "ids": json.dumps([r[0] for r in rows])},
        )  # fmt: skip
        count = self._read("SELECT count(*) FROM docs")[0][0]
        in_titles = self._doc_counts("temp.fts_columns", "term", typed, "doc", "col = 'title' AND ")
        typed_idfs = [fieldwise.idf(count, in_titles.get(w, 0)) for w in typed]
        idfs = fieldwise.word_idfs(groups, count, stems, cognates)
        scores = {}
        for doc, raw, title, boost in found:
            held = Counter(text.words(title))  # the typed title's words (short: counted here)
            stats = rerank.parse(raw)
            typed_tf = [(held[w], idf) for w, idf in zip(typed, typed_idfs, strict=True)]
            scores[doc] = fieldwise.score(stats, groups, idfs, typed_tf) * boost
        return scores

    def _pruned(self, groups: list[list[str]], source: str, args: dict) -> list[tuple] | None:
        """The page ranked without scoring rows that cannot reach it (see maxscore), or None."""

        def ranked(expression: str, k: int) -> list[tuple]:
            sql = f"SELECT {HIT_COLUMNS}, {RANK} AS rank FROM {source} ORDER BY {BY_RELEVANCE}"
            return self._read(sql + " LIMIT :k", {**args, "match": STEMMED + expression, "k": k})

        def counts(phrases: set[str]) -> tuple[int, dict[str, int]]:
            rows = self._read("SELECT count(*) FROM docs")[0][0]  # = FTS5's row count
            # Never more than the rows FTS5 finds for the phrase (its tokenizer may merge forms
            # we keep apart, never the reverse): a bound from fewer rows is only looser.
            found = self._doc_counts("stems", "stem", phrases)
            return rows, {p: found.get(p, 0) for p in phrases}

        k = args["offset"] + args["limit"]
        # One read transaction: the counts and the rankings see the same snapshot of the index
        # (an update committed in between would shift the bounds it was checked against).
        best = self._run(lambda _: pruned_top(groups, k, ranked, counts, BOOST_MAX), begin="BEGIN")
        return None if best is None else best[args["offset"] :]
