"""The tantivy engine's best matches scored again field by field: the embedded engine's ranking,
search/engines/fieldwise.py, with tantivy's numbers. tantivy ranks by title ×3 + body (each its
own BM25) times the boosts; the first fieldwise.DEPTH are then scored as the embedded engine
scores its own, and the rest keep tantivy's order, so pages never overlap.

The numbers come from tantivy's explanation of one query (every stem in the stemmed title and
body, every typed word in the typed title) on each of those documents: per matching term, its
frequency, the field's length (tantivy's field norm: exact up to 40 words, rounded down by at
most an eighth above) and the field's average length. Document counts are counts of live
matches (tantivy's document frequencies still count deleted documents until a merge), one
search per stem or typed word.

No Django here.
"""

from __future__ import annotations

import json
import re

import tantivy
from tantivy import Occur, Query

from search import ranking
from search.engines import fieldwise
from search.engines.tantivy.schema import FIELD_NUMBER

TYPED, TITLE, BODY = "title_w", "title_s", "body_s"  # fieldwise.Stats's order
_FIELDS = {FIELD_NUMBER[name]: name for name in (TYPED, TITLE, BODY)}
_TERM = re.compile(r'Term\(field=(\d+), type=Str, "(.*)"\)$')  # an explanation's context
Ranked = list[tuple[float, int, tantivy.DocAddress]]  # (score, seq, address), best first


def rescored(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    groups: list[list[str]],
    typed: list[str],
    ranked: Ranked,
    now: float,
) -> Ranked:
    """`ranked` with its first fieldwise.DEPTH ordered by their field-wise BM25 × boost."""
    head, tail = ranked[: fieldwise.DEPTH], ranked[fieldwise.DEPTH :]
    if len(head) < 2:
        return ranked
    typed = sorted(set(typed))
    stems = [s for group in groups for s in group]
    rows = searcher.num_docs
    docs = {s: _count(searcher, schema, s, (TITLE, BODY)) for s in set(stems)}
    idfs = fieldwise.word_idfs(groups, rows, docs)
    typed_idfs = [fieldwise.idf(rows, _count(searcher, schema, w, (TYPED,))) for w in typed]
    clauses = [(field, s) for s in dict.fromkeys(stems) for field in (TITLE, BODY)]
    query = _any(schema, clauses + [(TYPED, w) for w in typed])
    addresses = [address for _, _, address in head]
    ts = searcher.fast_field_values("ts", addresses)
    space = searcher.fast_field_values("space", addresses)
    out, unmatched = [], []
    for hit, when, is_space in zip(head, ts, space, strict=True):
        _, seq, address = hit
        try:
            terms = _terms(json.loads(query.explain(searcher, address).to_json()))
        except ValueError:  # "does not match": cannot happen on one searcher; kept, after
            unmatched.append(hit)
            continue
        stats = _stats(terms, stems)
        typed_tf = [
            (terms.get((TYPED, w), (0,))[0], i) for w, i in zip(typed, typed_idfs, strict=True)
        ]
        score = fieldwise.score(stats, groups, idfs, typed_tf)
        out.append((score * ranking.boost(bool(is_space), when, now), seq, address))
    out.sort(key=lambda hit: (-hit[0], hit[1]))
    return out + unmatched + tail


def _any(schema: tantivy.Schema, terms: list[tuple[str, str]]) -> Query:
    term = Query.term_query
    return Query.boolean_query([(Occur.Should, term(schema, f, t, "freq")) for f, t in terms])


def _count(searcher: tantivy.Searcher, schema: tantivy.Schema, term: str, fields) -> int:
    """Live documents holding `term` in any of `fields`."""
    query = _any(schema, [(field, term) for field in fields])
    return searcher.search(query, limit=1, count=True).count


def _terms(node: dict, out: dict | None = None) -> dict[tuple[str, str], tuple[float, ...]]:
    """(field, term) → (frequency, field length, average field length) of each matching term
    of an explanation (a tree: a term's node names it in its context)."""
    out = {} if out is None else out
    for context in node.get("context", ()):
        found = _TERM.match(context.removeprefix("Term="))
        if found and int(found[1]) in _FIELDS:
            values = {d["description"].split(",")[0]: d["value"] for d in _leaves(node)}
            key = (_FIELDS[int(found[1])], found[2])
            out[key] = (values["freq"], values["dl"], values["avgdl"])
            return out
    for child in node.get("details", ()):
        _terms(child, out)
    return out


def _leaves(node: dict):
    for child in node.get("details", ()):
        yield from _leaves(child) if child.get("details") else (child,)


def _stats(terms: dict[tuple[str, str], tuple[float, ...]], stems: list[str]) -> fieldwise.Stats:
    """fieldwise's numbers of one document: a field's length and average as any of its matching
    terms says (a field with no match scores nothing: its length does not matter)."""
    lengths, averages = {}, {}
    for (field, _), (_, length, average) in terms.items():
        lengths[field], averages[field] = length, average
    order = (TYPED, TITLE, BODY)
    tf = tuple(
        (int(terms.get((TITLE, s), (0,))[0]), int(terms.get((BODY, s), (0,))[0])) for s in stems
    )
    return fieldwise.Stats(
        tuple(lengths.get(f, 0.0) for f in order), tuple(averages.get(f, 1.0) for f in order), tf
    )
