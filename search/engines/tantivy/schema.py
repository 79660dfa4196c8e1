"""The tantivy index's fields, and a search document as tantivy stores it.

Tantivy never analyses text here: title and body arrive as the Italian+English stems of
search/text.py (the one analysis every engine reads), split on spaces by tantivy's whitespace
tokenizer, each field with its own BM25 length normalisation. Filters and facets are raw
(untokenised) or numeric fields; everything a hit shows is one stored JSON blob.

No Django here.
"""

from __future__ import annotations

import json
import math
import time

import tantivy

from search import facets as registry
from search import ranking, text
from search.engines.embedded.write import digest, doc_values

# Stored in each build's tavolone.json: an index of another layout answers "rebuild". Bump it
# with any change to the fields below or to the analysis (search/analysis.py). 2: `seq` counts
# from 1 (it was the clock's nanoseconds). 3: the ranked fields' word counts (LENGTHS).
LAYOUT = 3
NO_FORUM = -1  # forum_id of a document outside every forum (0 is the members' audience)
NO_EXPIRY = 1e300
NO_PLACE = 1e300  # lat/lon of a document without a location
FACET_SEP = "\x1f"  # "facet\x1fvalue" in `fv`: a control character no value holds
WORDS = "whitespace"  # tantivy's tokenizer for the pre-analysed fields


# Fields by kind, in the order schema() adds them (tantivy numbers fields in that order).
EXACT = ("key", "city_ci")  # looked up and filtered by exact term
FACETED = ("kind", "city", "forum", "fv")  # filtered and counted (aggregations)
RANKED = ("title_s", "body_s", "title_w")  # ranked (title_w: autocomplete, the typed title)
WORDS_FIELD = ("words",)  # public words only (did you mean)
INTEGERS = ("forum_id", "year", "version")
# Each ranked field's number of words, as tantivy counts them for its length normalisation:
# the re-ranking (tantivy/rerank.py) reads them instead of asking tantivy to explain a score.
LENGTHS = {name: f"{name}_n" for name in RANKED}
UNSIGNED = ("public", "space", "seq", "title_len", *LENGTHS.values())
FLOATS = ("expire_at", "ts", "weight", "lat", "lon")


def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    for name in EXACT:
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FACETED:
        b.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in RANKED:
        b.add_text_field(name, tokenizer_name=WORDS, index_option="freq")
    for name in WORDS_FIELD:
        b.add_text_field(name, tokenizer_name=WORDS, index_option="basic")
    for name in INTEGERS:
        b.add_integer_field(name, indexed=True, fast=True)
    for name in UNSIGNED:
        b.add_unsigned_field(name, indexed=True, fast=True)
    for name in FLOATS:
        b.add_float_field(name, indexed=name == "expire_at", fast=True)
    b.add_bytes_field("stored", stored=True)
    return b.build()


def weight(space: bool, ts: float | None, now: float) -> float:
    """The `weight` field: tantivy multiplies a match's score by log2(2 + weight), here the
    ranking boost as of `now`. A recency boost only shrinks with time, so the boost at query
    time is never above the stored one (the engine's exact re-ranking relies on it)."""
    return 2.0 ** ranking.boost(space, ts, now) - 2.0


def stored_boost(value: float) -> float:
    """The boost a stored `weight` applied (tantivy's formula)."""
    return math.log2(2.0 + max(0.0, value))


# A document's fields as (kind, name, value): plain values, cheap to send between processes
# (a tantivy.Document pickles 30× slower), made into a tantivy.Document by assemble().
Fields = list[tuple[str, str, object]]
_ADD = {
    "text": tantivy.Document.add_text,
    "int": tantivy.Document.add_integer,
    "uint": tantivy.Document.add_unsigned,
    "float": tantivy.Document.add_float,
    "bytes": tantivy.Document.add_bytes,
}


def document(doc: dict, version: int, now: float | None = None) -> tantivy.Document:
    """A search document (search.sources) as tantivy indexes it, but for its `seq`: the writer
    numbers documents in the order it adds them (sequenced)."""
    return assemble(fields(doc, version, now))


def assemble(values: Fields) -> tantivy.Document:
    d = tantivy.Document()
    for kind, name, value in values:
        _ADD[kind](d, name, value)
    return d


def fields(doc: dict, version: int, now: float | None = None) -> Fields:
    """What document() holds: the analysis, done here (the costly part of a rebuild)."""
    meta, title, body = doc_values(doc)
    pairs = registry.doc_values(doc)
    (key, kind, _, _, _, ts, year, city, _, forum_id, forum, lat, lon, public, expire_at) = meta
    # Stems by whitespace token (text.analyse's terms, counted as tantivy's whitespace tokenizer
    # counts them), learnt once per distinct token.
    title_s, body_s, words, title_n, body_n = text.analyse_counted(title, body)
    out: Fields = [("text", "key", key), ("text", "kind", kind)]
    if city:
        out += [("text", "city", city), ("text", "city_ci", ascii_lower(city))]
    if forum:
        out.append(("text", "forum", forum))
    out += [("text", "fv", f"{facet}{FACET_SEP}{value}") for facet, value in pairs]
    in_title = text.words(title)
    for name, value, n in (
        ("title_s", title_s, title_n),
        ("body_s", body_s, body_n),
        ("title_w", " ".join(in_title), len(in_title)),
    ):
        out += [("text", name, value), ("uint", LENGTHS[name], n)]  # n: tantivy's tokens
    if public:  # (in any order: an unordered field, no positions)
        out.append(("text", "words", " ".join(words)))
    out += [
        ("int", "forum_id", NO_FORUM if forum_id is None else int(forum_id)),
        ("int", "year", year or 0),
        ("int", "version", version),
        ("uint", "public", 1 if public else 0),
        ("uint", "space", 1 if kind == "space" else 0),
        ("uint", "title_len", len(title)),
        ("float", "expire_at", NO_EXPIRY if expire_at is None else expire_at),
        ("float", "ts", ts or 0.0),
        ("float", "weight", weight(kind == "space", ts, time.time() if now is None else now)),
        ("float", "lat", NO_PLACE if lat is None else float(lat)),
        ("float", "lon", NO_PLACE if lon is None else float(lon)),
        ("bytes", "stored", json.dumps([meta, title, body, pairs]).encode()),
    ]
    return out


def sequenced(d: tantivy.Document, seq: int) -> tantivy.Document:
    """`d` numbered: ties in relevance, and listings without words, go in this order."""
    d.add_unsigned("seq", seq)
    return d


def ascii_lower(value: str) -> str:
    """Cities compare whatever the case of their ASCII letters (the embedded engine's COLLATE
    NOCASE, Elasticsearch's caseless normalizer): no other folding."""
    return "".join(c.lower() if c.isascii() else c for c in value)


def read_stored(blob: bytes) -> tuple[tuple, str, str, list[tuple[str, str]]]:
    """(meta, title, body, facet pairs) of a stored document."""
    meta, title, body, pairs = json.loads(blob)
    return tuple(meta), title, body, [tuple(p) for p in pairs]


def stored_digest(blob: bytes) -> str:
    """The digest of what the index stores of a document (fingerprints), as
    `digest(*doc_values(doc), pairs)` gives it for the document itself."""
    meta, title, body, pairs = read_stored(blob)
    return digest(meta, title, body, pairs)
