"""Field-wise BM25 over the embedded engine's best matches: the title and the body each scored
as a field of its own, normalised by its own length, where FTS5's bm25 normalises a row by its
whole length (title and every post) and so favours short threads whatever they say.

A query word's stems (Italian and English) are one term, as Lucene's SynonymQuery reads them:
its frequency in a field is the sum of its stems', its document frequency the largest of
theirs. Each field adds idf · tf (k1 + 1) / (tf + k1 (1 − b + b · length / average)) per word,
as Lucene's multi-field (`most_fields`) query sums its fields' BM25: a word in the title and in
the body counts in both, each saturated on its own (one saturation for both, BM25F's, let a
thread holding a rare word of the query in its title and all over its posts score no more than
one holding two common words once). A third field is the title as typed (folded, stop words
kept), matched by every typed word: "dà", "né" and "ó" fold to stop words, which the stemmed
fields never see. Idf is Lucene's, never negative.

No Django, no SQL: the engine reads the numbers through `field_stats`, an FTS5 auxiliary
function, for the few rows it re-ranks, and counts the typed words in their titles itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log

K1 = 1.2  # Lucene's and FTS5's defaults
B = 0.75
# The fts table's columns read: the title as typed, the stemmed title, the stemmed body.
TYPED, TITLE, BODY = 0, 2, 3
COLUMNS = (TYPED, TITLE, BODY)
NAME = "tv_fields"  # the SQL name of field_stats


def field_stats(api, *_args) -> str:
    """FTS5 auxiliary function: the row's length in each of COLUMNS, their averages over the
    index, then each phrase's frequency in the stemmed title and body, space-separated."""
    rows = max(api.row_count, 1)
    out: list[float] = [api.column_size(c) for c in COLUMNS]
    out += [api.column_total_size(c) / rows for c in COLUMNS]
    for phrase in range(api.phrase_count):
        where = api.phrase_locations(phrase)
        out += [len(where[TITLE]), len(where[BODY])]
    return " ".join(map(str, out))


@dataclass(frozen=True)
class Stats:
    """What field_stats says of one row."""

    lengths: tuple[float, ...]  # per column of COLUMNS
    averages: tuple[float, ...]
    tf: tuple[tuple[int, int], ...]  # per phrase, in the query's order: (title, body)

    @classmethod
    def parse(cls, raw: str) -> Stats:
        v, n = raw.split(), len(COLUMNS)
        tf = tuple((int(v[i]), int(v[i + 1])) for i in range(2 * n, len(v) - 1, 2))
        return cls(tuple(map(float, v[:n])), tuple(map(float, v[n : 2 * n])), tf)


def idf(rows: int, docs: int) -> float:
    """Lucene's idf of a term held by `docs` of `rows` documents: never negative."""
    return log(1 + (rows - docs + 0.5) / (docs + 0.5))


def word_idfs(groups: Sequence[Sequence[str]], rows: int, docs: dict[str, int]) -> list[float]:
    """Each query word's idf, from the largest document count of its stems."""
    return [idf(rows, max((docs.get(s, 0) for s in group), default=0)) for group in groups]


def _bm25(tf: int, length: float, average: float) -> float:
    if not tf:
        return 0.0
    norm = 1 - B + B * length / (average or 1)
    return tf * (K1 + 1) / (tf + K1 * norm)


def score(
    stats: Stats,
    groups: Sequence[Sequence[str]],
    idfs: Sequence[float],
    typed: Sequence[tuple[int, float]] = (),
) -> float:
    """The row's score for the query words `groups` (each its stems: phrases of the query, in
    order) and the typed words, each as (its frequency in the typed title, its idf there)."""
    (typed_len, title_len, body_len), (typed_avg, title_avg, body_avg) = (
        stats.lengths,
        stats.averages,
    )
    total, phrase = 0.0, 0
    for group, weight in zip(groups, idfs, strict=True):
        tfs = stats.tf[phrase : phrase + len(group)]
        phrase += len(group)
        in_title, in_body = sum(t[0] for t in tfs), sum(t[1] for t in tfs)
        total += weight * (
            _bm25(in_title, title_len, title_avg) + _bm25(in_body, body_len, body_avg)
        )
    for tf, weight in typed:
        total += weight * _bm25(tf, typed_len, typed_avg)
    return total
