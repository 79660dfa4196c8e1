"""The Elasticsearch request bodies built from user input, and the responses read back: pure
functions, unit-tested without a server (search/engines/elastic.py sends them).

User text reaches Elasticsearch only through multi_match / match / term on words we extracted,
never query_string.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from datetime import datetime

from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.function import SF

from search import facets, text
from search.analysis import MAX_GRAM, MIN_GRAM
from search.engines.highlight import CLOSE, OPEN, mark
from search.params import Facet, Hit, SearchParams, SearchResults
from search.ranking import COGNATE_WEIGHT, HALF_LIFE, RECENT_BOOST, SPACE_BOOST

# Each field's BM25 summed (most_fields), each field normalised by its own length, plus the
# title's folded words as typed, stop words kept: the embedded engine's ranking (rerank.py).
TITLE_FIELDS = ["title", "body"]
TYPED_TITLE = "title.words"

# The embedded engine's recency curve (search/ranking.py), which no decay function draws: a
# space × (1 + space), anything else × (1 + recent / (1 + age / half_life)), age in seconds
# from the `date` (the epoch when it has none, as the embedded engine's coalesce(ts, 0)).
RECENCY = """
if (doc['kind'].size() > 0 && doc['kind'].value == 'space') {
  return 1.0 + params.space;
}
long now = params['now'];
long ts = doc['date'].size() == 0 ? 0L : doc['date'].value.toInstant().toEpochMilli();
double age = Math.max(0.0, (now - ts) / 1000.0);
return 1.0 + params.recent / (1.0 + age / params.half_life);
""".strip()


def recency(now: float | None = None) -> dict:
    """The script_score function multiplying bm25 as the embedded engine's RANK does. `now` in
    ms rounded down to the minute: one request body per minute, however many visitors."""
    minute = int((time.time() if now is None else now) // 60) * 60_000
    params = {"now": minute, "space": SPACE_BOOST, "recent": RECENT_BOOST,
              "half_life": float(HALF_LIFE)}  # fmt: skip
    return {"script_score": {"script": {"source": RECENCY, "params": params}}}


def _permitted(forum_ids: list[int]) -> Q:
    """Pages (no forum) or threads in a forum the user may read."""
    return Q(
        "bool",
        should=[
            Q("bool", must_not=Q("exists", field="forum_id")),
            Q("terms", forum_id=list(forum_ids)),
        ],
        minimum_should_match=1,
    )


def live() -> Q:
    """Not expired at query time (the worker deletes expired pages later; until then, this)."""
    return Q("bool", must_not=Q("range", expire_at={"lte": "now"}))


# Facet values counted per facet: every value, as the embedded engine (a cap only against junk).
FACET_VALUES = 1000
# "Did you mean", as the embedded engine: a word of 4 letters or more missing from the public
# words → the public words one edit away (a transposition is one edit), of which
# text.best_correction chooses, as on the embedded engine; a word whose stems find public
# documents is no typo (confirm_search checks). The embedded engine weighs every word one edit
# away: Elasticsearch returns up to SUGGEST_CANDIDATES (inspecting 5 × as many), more than a
# typo has (45,656 typos of the Stack Exchange dump's words: at most 16 candidates, 54 over
# the 10 once returned), and `corrections` keeps those the embedded engine's edits reach
# (text.edits1: insertions and replacements by a–z, 0–9).
SUGGEST_CANDIDATES = 50
SUGGESTER = {
    "field": "suggest_text",
    "suggest_mode": "missing",
    "min_word_length": 4,
    "max_edits": 1,
    "prefix_length": 0,
    "sort": "frequency",
    "string_distance": "damerau_levenshtein",
    "size": SUGGEST_CANDIDATES,
    "shard_size": SUGGEST_CANDIDATES,
}


def build_search(
    p: SearchParams,
    forum_ids: list[int],
    index: str,
    corrections: Sequence[str] = (),
    now: float | None = None,
) -> Search:
    """The request for one results page; `corrections` (confirmed did-you-mean words) are
    searched as well, as the embedded engine does (no fuzziness: a typo is found through its
    correction, and correct words match only themselves on both engines). `now`: the clock
    recency is measured from (seconds since the epoch; the current time when None)."""
    s = Search(index=index).extra(track_total_hits=True)
    terms = text.query_terms(p.q)
    searched = terms + sorted(set(corrections) - set(terms))
    words = " ".join(searched)
    if words:
        found = Q(
            "multi_match", query=words, fields=TITLE_FIELDS, type="most_fields", operator="or"
        )
        if alternatives := cognates(searched):
            found = Q("bool", should=[found, *alternatives], minimum_should_match=1)
        match = Q(
            "bool",
            must=found,
            should=Q("match", **{TYPED_TITLE: " ".join(text.words(p.q)[: text.MAX_TERMS])}),
        )
        # bm25 × the one boost function: the embedded engine's score × (1 + …).
        s = s.query(
            "function_score",
            query=match,
            functions=[SF(recency(now))],
            score_mode="multiply",
            boost_mode="multiply",
        )
        s = s.highlight("title", number_of_fragments=0, pre_tags=[OPEN], post_tags=[CLOSE])
        if not corrections:
            s = s.suggest("fix", " ".join(terms), term=SUGGESTER)
    # The body's best fragment, or its opening words (a search by place or facet alone too).
    s = s.highlight(
        "body",
        fragment_size=160,
        number_of_fragments=1,
        no_match_size=200,
        pre_tags=[OPEN],
        post_tags=[CLOSE],
    )
    s = s.filter(_permitted(forum_ids)).filter(live())
    s = _facet_filters(s, p)
    if p.near:
        s = s.sort(
            {
                "_geo_distance": {
                    "location": {"lat": p.near[0], "lon": p.near[1]},
                    "order": "asc",
                    "unit": "km",
                }
            }
        )
    elif p.sort == "newest":
        s = s.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    for facet in facets.FACETS:  # each counted over the kinds that carry it, as embedded
        values = Q("terms", kind=list(facet.kinds)) if facet.kinds else None
        agg = s.aggs.bucket(facet.name, "filter", values) if values else s.aggs
        agg = agg.bucket(facet.name if values is None else "values", "terms", field=facet.field,
                         size=FACET_VALUES)  # fmt: skip
        if facet.name == "forum":
            agg.metric("name", "terms", field="forum", size=1)
    s = s.source(["kind", "title", "url", "date", "city", "forum", "location"])
    return s[p.offset : p.offset + p.per_page]


def cognates(words: list[str]) -> list[Q]:
    """The words' cross-language cognates (text.query_cognates) as one more `most_fields`
    match at ranking.COGNATE_WEIGHT: each English word analysed into the stems the embedded
    engines search for it, scored as they score a cognate's group. Every candidate is sent: a
    stem the index lacks matches and scores nothing, which is what the embedded engines'
    look-up of their term dictionaries leaves out."""
    forms = [sorted({text.stem(w, language) for language in text.STEMMERS}) for w in words]
    found = text.query_cognates(words, forms)
    if not found:
        return []
    english = " ".join(word for word, _, _ in found)
    return [
        Q("multi_match", query=english, fields=TITLE_FIELDS, type="most_fields",
          operator="or", boost=COGNATE_WEIGHT)
    ]  # fmt: skip


def _facet_filters(s: Search, p: SearchParams) -> Search:
    """The registry's filters: a term each, every chosen value of a multi-valued facet (AND)."""
    for facet in facets.FACETS:
        if facet.value == facets.MULTI:
            for value in p.chosen.get(facet.name, ()):
                s = s.filter("term", **{facet.field: value})
        elif value := getattr(p, facet.name, None):
            # A caseless facet is matched on its normalised sub-field, as the embedded engine.
            field = f"{facet.field}.caseless" if facet.caseless else facet.field
            s = s.filter("term", **{field: value})
    return s


def _distance(hit: dict, p: SearchParams) -> float | None:
    """The geo sort value in km; a space without a location sorts last with Infinity, which is
    no distance (and not JSON): None, as the embedded engine."""
    value = hit["sort"][0] if p.near and hit.get("sort") else None
    try:
        km = float(value)
    except (TypeError, ValueError):
        return None
    return round(km, 2) if math.isfinite(km) else None


def parse_response(body: dict, p: SearchParams) -> SearchResults:
    """A raw search response → SearchResults."""
    results = SearchResults(params=p)
    total = body.get("hits", {}).get("total", 0)
    results.total = total["value"] if isinstance(total, dict) else int(total)
    for hit in body.get("hits", {}).get("hits", []):
        src, hl = hit.get("_source", {}), hit.get("highlight", {})
        when = src.get("date")
        results.hits.append(
            Hit(
                kind=src.get("kind", ""),
                title=src.get("title", ""),
                url=src.get("url", ""),
                snippet_html=mark((hl.get("body") or [""])[0]),
                title_html=mark((hl.get("title") or [src.get("title", "")])[0]),
                date=datetime.fromisoformat(when) if when else None,
                distance_km=_distance(hit, p),
                city=src.get("city") or "",
                forum=src.get("forum") or "",
                score=float(hit.get("_score") or 0.0),
            )
        )
    aggs = body.get("aggregations", {})
    for name in facets.BY_NAME:
        agg = aggs.get(name, {})
        for b in agg.get("values", agg).get("buckets", []):  # (under its kinds' filter)
            label = str(b["key"])
            if name == "forum" and b.get("name", {}).get("buckets"):
                label = b["name"]["buckets"][0]["key"]
            results.facets.setdefault(name, []).append(Facet(str(b["key"]), label, b["doc_count"]))
    for values in results.facets.values():  # as the embedded engine: by count, then label
        values.sort(key=lambda f: (-f.count, f.label))
    results.suggestion = suggestion(body, p.q)
    return results


def corrections(body: dict) -> list[tuple[str, str]]:
    """(word as typed, the option it most likely misspells or the word itself) for each word;
    a number is never corrected (as the embedded engine: 2024 is no typo of 2025). The options
    are those the embedded engine weighs (text.edits1), chosen by the same function."""
    out = []
    for entry in body.get("suggest", {}).get("fix", []):
        typed = entry["text"]
        options = [] if typed.isdigit() else entry.get("options") or []
        typos = text.edits1(typed) if options else set()
        counts = {o["text"]: o.get("freq", 1) for o in options if o["text"] in typos}
        best = text.best_correction(typed, counts)
        out.append((typed, best or typed))
    return out


def suggestion(body: dict, q: str, confirmed: set[str] | None = None) -> str:
    """The typed query `q` with its corrected words, stop words kept (text.corrected, as the
    embedded engine), or "" when nothing changed; with `confirmed`, only the corrections in it
    count."""
    fixes = {
        word: fix
        for word, fix in corrections(body)
        if fix != word and (confirmed is None or fix in confirmed)
    }
    return text.corrected(q, fixes)


def confirm_search(words: list[str], index: str, typed: Sequence[str] = ()) -> Search:
    """Which of `words` a live public document holds now, and which `typed` words' stems find
    one. The term suggester reads the term dictionary, which keeps the words of deleted and
    overwritten documents (a page made private, a thread moved to a private forum) until
    segments merge: each suggestion is checked against what is public at query time. And it
    knows words only as written: "riunione" is missing where "riunioni" is indexed, yet no typo."""
    s = Search(index=index).filter("term", is_public=True).filter(live()).extra(size=0)
    for i, word in enumerate(words):
        s.aggs.bucket(f"w{i}", "filter", Q("term", suggest_text=word))
    for i, word in enumerate(typed):
        s.aggs.bucket(f"t{i}", "filter", Q("multi_match", query=word, fields=["title", "body"]))
    return s


def confirmed(body: dict, words: list[str], prefix: str = "w") -> set[str]:
    aggs = body.get("aggregations", {})
    return {w for i, w in enumerate(words) if aggs.get(f"{prefix}{i}", {}).get("doc_count", 0)}


def to_confirm(suggested: dict) -> tuple[list[str], list[str]]:
    """(the corrections a suggester answer offers, the typed words they correct): what
    confirm_search checks."""
    pairs = [(word, fix) for word, fix in corrections(suggested) if fix != word]
    return sorted({fix for _, fix in pairs}), sorted({word for word, _ in pairs})


def held_corrections(body: dict, suggested: dict) -> set[str]:
    """The corrections of a suggester answer that stand after confirm_search's `body`: held by a
    live public document, for a typed word whose stems find none."""
    words, typed = to_confirm(suggested)
    held, known = confirmed(body, words), confirmed(body, typed, "t")
    return {fix for word, fix in corrections(suggested) if fix in held and word not in known}


def suggest_search(q: str, index: str) -> Search | None:
    words = " ".join(text.query_terms(q))
    if not words:
        return None
    return Search(index=index).suggest("fix", words, term=SUGGESTER)[:0]


def autocomplete_search(prefix: str, forum_ids: list[int], limit: int, index: str):
    """Titles as the embedded engine completes them: every word before the last a whole word of
    the title, folded and unstemmed, stop words too (`title.words`, as the embedded engine's
    `title` column: "uffici lam" does not complete "Ufficio Lambrate", "sala a mil" completes
    "Sala a Milano", not "Sala Milano"), the last the start of a title word (its edge n-grams;
    one letter, below the smallest n-gram, as a prefix of them). One letter alone: nothing."""
    words = text.words(prefix)[: text.MAX_TERMS]
    if not words or (len(words) == 1 and len(words[0]) < MIN_GRAM):
        return None
    *before, last = words
    s = Search(index=index)
    if before:
        s = s.query("match", **{"title.words": {"query": " ".join(before), "operator": "and"}})
    if len(last) < MIN_GRAM:
        s = s.query("prefix", **{"title.ac": last})
    else:  # a word longer than the longest n-gram: its first MAX_GRAM letters
        s = s.query("match", **{"title.ac": {"query": last[:MAX_GRAM], "operator": "and"}})
    return (
        s.filter("term", is_public=True)
        .filter(_permitted(forum_ids))
        .filter(live())
        .source(["title", "url", "kind"])[:limit]
    )
