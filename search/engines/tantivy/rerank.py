"""The tantivy engine's best matches scored again field by field: the embedded engine's ranking,
search/engines/fieldwise.py, with tantivy's numbers. tantivy ranks by title ×3 + body (each its
own BM25) times the boosts; the first fieldwise.DEPTH are then scored as the embedded engine
scores its own, and the rest keep tantivy's order, so pages never overlap.

The numbers, per document: each field's length is its word count, stored at write time
(schema.LENGTHS) and rounded as tantivy rounds its field norms (exact up to 40 words, then
down by at most an eighth, Lucene's SmallFloat); each term's frequency is read back from
tantivy's own BM25 score of that one term on those few documents (one search per term and
field, restricted to their `seq`), which is exact: the frequency is a whole number and the rest
of the formula is known. What holds for a whole index version (each field's average length,
the document count tantivy's idf uses, the counts of live matches) is kept per version:
tantivy's averages and counts include deleted documents until a merge, so the averages come
from one explanation per version, the live counts from one search per term.

No Django here.
"""

from __future__ import annotations

import bisect
import json
import math
import threading
from dataclasses import dataclass

import tantivy
from tantivy import Occur, Query

from search import ranking
from search.engines import fieldwise
from search.engines.tantivy.schema import LENGTHS

TYPED, TITLE, BODY = "title_w", "title_s", "body_s"  # fieldwise.Stats's order
ORDER = (TYPED, TITLE, BODY)
Ranked = list[tuple[float, int, tantivy.DocAddress]]  # (score, seq, address), best first


def _norms() -> list[int]:
    """tantivy's field norm table (Lucene's SmallFloat.byte4ToInt): a length is stored as the
    largest of these 256 values not above it."""
    free = 24  # values below this are exact (255 - SmallFloat.longToInt4(2**31 - 1))
    out = list(range(free))
    for i in range(256 - free):
        bits, shift = i & 7, (i >> 3) - 1
        out.append(free + (bits if shift < 0 else (bits | 8) << shift))
    return out


NORMS = _norms()


def field_norm(words: int) -> int:
    """A field of `words` words as tantivy's BM25 reads its length."""
    return NORMS[bisect.bisect_right(NORMS, words) - 1]


class Numbers:
    """What one version of the index answers the same for every query: kept while the version
    is live (a commit makes another)."""

    LIMIT = 10_000  # live counts kept; beyond, start afresh (a version rarely lives that long)

    def __init__(self, version: object):
        self.version = version
        self.averages: dict[str, float] = {}  # field → tantivy's average length
        self.total: int | None = None  # documents tantivy's idf counts (deleted ones too)
        self.counts: dict[tuple[str, tuple[str, ...]], int] = {}


class Cache:
    """The Numbers of the version last searched (one per engine: readers share it)."""

    def __init__(self) -> None:
        self._numbers = Numbers(None)
        self._lock = threading.Lock()

    def of(self, version: object) -> Numbers:
        with self._lock:
            if self._numbers.version != version or len(self._numbers.counts) > Numbers.LIMIT:
                self._numbers = Numbers(version)
            return self._numbers


def rescored(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    groups: list[list[str]],
    typed: list[str],
    ranked: Ranked,
    now: float,
    numbers: Numbers | None = None,
    cognates: int = 0,
) -> Ranked:
    """`ranked` with its first fieldwise.DEPTH ordered by their field-wise BM25 × boost (the
    last `cognates` groups weighed as fieldwise.word_idfs says)."""
    head, tail = ranked[: fieldwise.DEPTH], ranked[fieldwise.DEPTH :]
    if len(head) < 2:
        return ranked
    numbers = numbers or Numbers(None)
    typed = sorted(set(typed))
    stems = [s for group in groups for s in group]
    rows = searcher.num_docs
    docs = {s: _count(searcher, schema, numbers, s, (TITLE, BODY)) for s in set(stems)}
    idfs = fieldwise.word_idfs(groups, rows, docs, cognates)
    typed_docs = [_count(searcher, schema, numbers, w, (TYPED,)) for w in typed]
    typed_idfs = [fieldwise.idf(rows, n) for n in typed_docs]
    addresses = [address for _, _, address in head]
    columns = {name: searcher.fast_field_values(name, addresses) for name in ("ts", "space")}
    lengths = [
        [field_norm(n or 0) for n in searcher.fast_field_values(LENGTHS[f], addresses)]
        for f in ORDER
    ]
    # Each term's search sees the head alone (a disjunction of terms: tantivy's term_set_query
    # costs ~30× more on a few numbers).
    one_of = [(Occur.Should, Query.term_query(schema, "seq", seq)) for _, seq, _ in head]
    only = _Head(
        Query.const_score_query(Query.boolean_query(one_of), 0.0),
        {_key(a): i for i, a in enumerate(addresses)},
        lengths,
    )
    pairs = [(f, s) for s in dict.fromkeys(stems) for f in (TITLE, BODY)]
    tf = {
        (field, term): _frequencies(searcher, schema, numbers, field, term, only)
        for field, term in pairs + [(TYPED, w) for w in typed]
    }
    averages = tuple(numbers.averages.get(f, 1.0) for f in ORDER)
    out = []
    for i, (_, seq, address) in enumerate(head):
        stats = fieldwise.Stats(
            tuple(float(column[i]) for column in lengths),
            averages,
            tuple((tf[TITLE, s][i], tf[BODY, s][i]) for s in stems),
        )
        typed_tf = [(tf[TYPED, w][i], idf) for w, idf in zip(typed, typed_idfs, strict=True)]
        score = fieldwise.score(stats, groups, idfs, typed_tf)
        boost = ranking.boost(bool(columns["space"][i]), columns["ts"][i], now)
        out.append((score * boost, seq, address))
    out.sort(key=lambda hit: (-hit[0], hit[1]))
    return out + tail


@dataclass(frozen=True)
class _Head:
    """The documents scored again: a filter to them, their places, their fields' lengths."""

    query: Query
    at: dict[tuple[int, int], int]  # (segment, doc) → place in the head
    lengths: list[list[int]]  # per field of ORDER, per place


def _frequencies(searcher, schema, numbers: Numbers, field: str, term: str, head: _Head):
    """How often `term` occurs in `field` of each head document (by its place in the head),
    read back from tantivy's BM25 score of the term alone."""
    out = [0] * len(head.at)
    n = searcher.doc_freq(field, term)
    if not n:
        return out
    query = Query.term_query(schema, field, term, "freq")
    found = searcher.search(
        Query.boolean_query([(Occur.Must, query), (Occur.Must, head.query)]),
        limit=len(head.at),
        count=False,
    ).hits
    if not found:
        return out
    if field not in numbers.averages or numbers.total is None:
        _learn(searcher, numbers, field, query, found[0][1])
    # tantivy: score = idf (k1 + 1) tf / (tf + k1 (1 − b + b dl / avgdl)), idf from n of N.
    total = numbers.total or 0
    idf = math.log(1 + (total - n + 0.5) / (n + 0.5))
    average = numbers.averages[field]
    column = head.lengths[ORDER.index(field)]
    for score, address in found:
        i = head.at[_key(address)]
        norm = fieldwise.K1 * (1 - fieldwise.B + fieldwise.B * column[i] / average)
        ratio = min(score / (idf * (fieldwise.K1 + 1)), 1 - 1e-9)  # tf / (tf + norm)
        out[i] = max(1, round(norm * ratio / (1 - ratio)))
    return out


def _learn(searcher, numbers: Numbers, field: str, query: Query, address) -> None:
    """The field's average length and the document count, as tantivy's explanation of `query`
    (one term) on a matching document gives them: once per field and index version."""
    details = {}
    stack = [json.loads(query.explain(searcher, address).to_json())]
    while stack:
        node = stack.pop()
        details[node["description"].split(",")[0]] = node["value"]
        stack.extend(node.get("details", ()))
    numbers.averages[field] = details["avgdl"]
    numbers.total = int(details["N"])


def _key(address: tantivy.DocAddress) -> tuple[int, int]:
    return address.segment_ord, address.doc


def _count(searcher, schema, numbers: Numbers, term: str, fields: tuple[str, ...]) -> int:
    """Live documents holding `term` in any of `fields` (kept for the index version)."""
    key = (term, fields)
    found = numbers.counts.get(key)
    if found is None:
        any_field = [(Occur.Should, Query.term_query(schema, f, term, "freq")) for f in fields]
        query = Query.boolean_query(any_field)
        found = numbers.counts[key] = searcher.search(query, limit=1, count=True).count
    return found
