"""The tantivy engine's queries: filters, the match of the query's stems, the exact top k with
the ranking boosts, and facet counts (aggregations). No Django here.

Scores: each stem of each word scores its title match ×3 plus its body match (tantivy's BM25, each
field with its own length normalisation). The boosts of search/ranking.py multiply that.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable

import tantivy
from tantivy import Occur, Query

from search import facets as registry
from search import ranking, text
from search.engines.tantivy.schema import FACET_SEP, NO_FORUM, ascii_lower, stored_boost
from search.params import Facet, SearchParams

# The embedded engine's 10 multiplies a title's term frequency inside FTS5's one saturating
# BM25; multiplying tantivy's saturated per-field score by 10 let a title word outweigh any body
# (judged set, all kinds, MRR: 0.83 at 10, 0.86 at 5, 0.89 at 3 and 2, 0.91 at 1). At 1 a short
# body's match beats a title's (the behaviour suite's title-above-body test fails); 3 keeps it.
TITLE_WEIGHT = 3.0
FIRST_READ = 64  # candidates read first for a page of relevance (×4 while not enough)
# Slack on the re-ranking's bound: a boost computed on a machine whose clock runs ahead (the
# recency boost changes by ~4e-8 a second) or a float32 score never makes the bound too tight.
SAFETY = 1.001
Ranked = list[tuple[float, int, tantivy.DocAddress]]  # (score, seq, address), best first


def forms(words: Iterable[str]) -> list[list[str]]:
    """Each word as the stems it is indexed under (Italian, English)."""
    return [sorted({text.stem(w, language) for language in text.STEMMERS}) for w in words]


def matching(schema: tantivy.Schema, groups: list[list[str]], cognates: int = 0) -> Query:
    """Documents holding any stem of any word, scored title + body; the last `cognates`
    groups (cross-language cognates of the words) at ranking.COGNATE_WEIGHT."""
    clauses = []
    for i, group in enumerate(groups):
        weight = ranking.COGNATE_WEIGHT if i >= len(groups) - cognates else 1.0
        for stem in group:
            title = Query.term_query(schema, "title_s", stem, index_option="freq")
            body = Query.term_query(schema, "body_s", stem, "freq")
            clauses.append((Occur.Should, Query.boost_query(title, TITLE_WEIGHT * weight)))
            clauses.append(
                (Occur.Should, body if weight == 1.0 else Query.boost_query(body, weight))
            )
    return Query.boolean_query(clauses)


def held(searcher: tantivy.Searcher, stems: set[str]) -> set[str]:
    """Which stems the index holds, in a stemmed title or body (its term dictionaries)."""
    return {s for s in stems if searcher.doc_freq("body_s", s) or searcher.doc_freq("title_s", s)}


def expired(schema: tantivy.Schema, now: float) -> Query:
    """Past its expiry (pages wait for the worker to unpublish them: hidden meanwhile). To
    exclude: its few documents cost little, where "not yet expired" is nearly every document
    and cost as much to gather for each query as the query's own matches (a third of a search
    at the large scale)."""
    return Query.range_query(
        schema, "expire_at", tantivy.FieldType.Float, lower_bound=-math.inf, upper_bound=now
    )


def between(schema: tantivy.Schema, field: str, low: float, high: float) -> Query:
    """A float field's value within [low, high] (fast fields: no index of their own needed)."""
    return Query.range_query(
        schema, field, tantivy.FieldType.Float, lower_bound=low, upper_bound=high
    )


def unreadable(schema: tantivy.Schema, forum_ids: list[int], present: set[int]) -> list[Query]:
    """The documents to exclude for a reader of `forum_ids`: those of the forums the index
    holds (`present`, as the searcher's own snapshot holds them) that the reader may not read.
    Excluded rather than kept for the same reason as `expired`: the few private forums' threads
    are cheap to gather, the readable ones are nearly all."""
    hidden = sorted(present - {NO_FORUM, *map(int, forum_ids)})
    return [Query.term_set_query(schema, "forum_id", hidden)] if hidden else []


def filters(
    schema: tantivy.Schema, p: SearchParams, forum_ids: list[int], present: set[int], now: float
) -> tuple[list[Query], list[Query]]:
    """What every hit must satisfy (the chosen facets) and must not (unreadable, expired)."""
    out = []
    for facet in registry.FACETS:
        value = getattr(p, facet.name, None) if facet.column else None
        if value:
            field = facet.field
            if facet.caseless:
                field, value = f"{field}_ci", ascii_lower(value)
            out.append(Query.term_query(schema, field, value))
    for facet in registry.STORED:
        for value in p.chosen.get(facet.name, ()):
            out.append(Query.term_query(schema, "fv", f"{facet.name}{FACET_SEP}{value}"))
    return out, [*unreadable(schema, forum_ids, present), expired(schema, now)]


def combined(scored: Query | None, conditions: list[Query], excluded: list[Query] = ()) -> Query:
    """`scored` (every document when None) restricted by conditions that add no score, without
    the `excluded` documents."""
    clauses = [(Occur.Must, scored if scored is not None else Query.all_query())]
    clauses += [(Occur.Must, Query.const_score_query(c, 0.0)) for c in conditions]
    clauses += [(Occur.MustNot, e) for e in excluded]
    return Query.boolean_query(clauses)


def top(searcher: tantivy.Searcher, query: Query, k: int, now: float) -> tuple[Ranked, int]:
    """The best k by bm25 × the ranking boost as of `now`, exactly, and the number of matches.

    Tantivy ranks by bm25 × the boost stored at write time (`weight`); a recency boost only
    shrinks with time, so a document's true score is at most its stored-boost score. The first
    candidates by stored-boost score are re-scored with the true boost: once the k-th true score
    beats the last candidate's stored-boost score, no document left out can reach the page.
    Otherwise four times as many are read (at worst every match)."""
    n = max(FIRST_READ, k)
    while True:
        found = searcher.search(query, limit=n, count=True, weight_by_field="weight")
        addresses = [address for _, address in found.hits]
        columns = [
            searcher.fast_field_values(name, addresses) for name in ("weight", "ts", "space", "seq")
        ]
        ranked = sorted(
            (
                (score / stored_boost(w) * ranking.boost(bool(space), ts, now), seq, address)
                for (score, address), w, ts, space, seq in zip(found.hits, *columns, strict=True)
            ),
            key=lambda hit: (-hit[0], hit[1]),
        )[:k]
        if len(found.hits) < n or (len(ranked) == k and ranked[-1][0] > found.hits[-1][0] * SAFETY):
            return ranked, found.count
        n *= 4


def counted(
    searcher: tantivy.Searcher, query: Query, names: Callable[[list[int]], dict[int, str]]
) -> dict[str, list[Facet]]:
    """Every facet's values among the matches, by kind as the registry says which kinds carry
    which facet (a members-only profile's audience, stored as its forum id, is no forum).
    `names` gives the forums' names by id (an aggregation of the names under each forum cost
    a third of the counting)."""
    inner = {
        "city": {"terms": {"field": "city", "size": 10_000}},
        "forum_id": {"terms": {"field": "forum_id", "size": 10_000}},
        "year": {"terms": {"field": "year", "size": 1_000}},
        "fv": {"terms": {"field": "fv", "size": 10_000}},
    }
    answer = searcher.aggregate(
        query, {"kind": {"terms": {"field": "kind", "size": 100}, "aggs": inner}}
    )
    counts: dict[str, Counter] = {f.name: Counter() for f in registry.FACETS}
    forums: set[int] = set()
    for bucket in answer["kind"]["buckets"]:
        kind = bucket["key"]
        counts["kind"][kind] += bucket["doc_count"]
        years = bucket["year"]["buckets"]
        values = {
            "city": [(b["key"], b["doc_count"]) for b in bucket["city"]["buckets"]],
            "forum": [],
            "year": [(str(y["key"]), y["doc_count"]) for y in years if y["key"]],  # 0: undated
        }
        for b in bucket["forum_id"]["buckets"]:
            if b["key"] != NO_FORUM:
                values["forum"].append((str(b["key"]), b["doc_count"]))
                forums.add(int(b["key"]))
        for name, pairs in values.items():
            if registry.carries(registry.BY_NAME[name], kind):
                counts[name].update(dict(pairs))
        for b in bucket["fv"]["buckets"]:
            name, _, value = b["key"].partition(FACET_SEP)
            facet = registry.BY_NAME.get(name)
            if facet is not None and registry.carries(facet, kind):
                counts[name][value] += b["doc_count"]
    labels = {str(pk): name for pk, name in names(sorted(forums)).items()} if forums else {}
    return {
        name: sorted(
            (Facet(value, labels.get(value, value) if name == "forum" else value, n)
             for value, n in c.items()),
            key=lambda f: (-f.count, f.label),
        )
        for name, c in counts.items()
        if c
    }  # fmt: skip
