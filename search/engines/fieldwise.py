"""Field-wise BM25: how the embedded and the tantivy engines score their best DEPTH matches
again, the title and the body each as a field of its own, normalised by its own length. One
definition for both engines; each hands it the numbers its index keeps (the embedded engine
through an FTS5 auxiliary function, embedded/rerank.py; tantivy through its scores and stored
lengths, tantivy/rerank.py). Elasticsearch scores every match this way itself
(elastic_query.py).

A query word's stems (Italian and English) are one term, as Lucene's SynonymQuery reads them:
its frequency in a field is the sum of its stems', its document frequency the largest of
theirs. Each field adds idf · tf (k1 + 1) / (tf + k1 (1 − b + b · length / average)) per word,
as Lucene's multi-field (`most_fields`) query sums its fields' BM25: a word in the title and in
the body counts in both, each saturated on its own (one saturation for both, BM25F's, let a
thread holding a rare word of the query in its title and all over its posts score no more than
one holding two common words once). A third field is the title as typed (folded, stop words
kept), matched by every typed word: "dà", "né" and "ó" fold to stop words, which the stemmed
fields never see. Idf is Lucene's, never negative.

No Django, no engine: plain numbers in, a score out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log

from search.ranking import COGNATE_WEIGHT

K1 = 1.2  # Lucene's, FTS5's and tantivy's defaults
B = 0.75
DEPTH = 20  # an engine's best matches scored again; the rest keep the engine's order


@dataclass(frozen=True)
class Stats:
    """One document's numbers: lengths and index-wide averages of (typed title, stemmed title,
    stemmed body), and each stem's frequency in the stemmed title and body, in the order of the
    query's groups flattened."""

    lengths: tuple[float, ...]
    averages: tuple[float, ...]
    tf: tuple[tuple[int, int], ...]  # per stem: (title, body)


def idf(rows: int, docs: int) -> float:
    """Lucene's idf of a term held by `docs` of `rows` documents: never negative."""
    return log(1 + (rows - min(docs, rows) + 0.5) / (min(docs, rows) + 0.5))


def word_idfs(
    groups: Sequence[Sequence[str]], rows: int, docs: dict[str, int], cognates: int = 0
) -> list[float]:
    """Each query word's idf, from the largest document count of its stems; the last
    `cognates` groups (a word's cross-language cognates) weigh ranking.COGNATE_WEIGHT of that."""
    idfs = [idf(rows, max((docs.get(s, 0) for s in group), default=0)) for group in groups]
    lowered = len(idfs) - cognates
    return idfs[:lowered] + [w * COGNATE_WEIGHT for w in idfs[lowered:]]


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
    """The document's score for the query words `groups` (each its stems, in order) and the
    typed words, each as (its frequency in the typed title, its idf there)."""
    (typed_len, title_len, body_len), (typed_avg, title_avg, body_avg) = (
        stats.lengths,
        stats.averages,
    )
    total, at = 0.0, 0
    for group, weight in zip(groups, idfs, strict=True):
        tfs = stats.tf[at : at + len(group)]
        at += len(group)
        in_title, in_body = sum(t[0] for t in tfs), sum(t[1] for t in tfs)
        total += weight * (
            _bm25(in_title, title_len, title_avg) + _bm25(in_body, body_len, body_avg)
        )
    for tf, weight in typed:
        total += weight * _bm25(tf, typed_len, typed_avg)
    return total
