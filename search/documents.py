"""The search documents, defined once with elasticsearch-dsl: one index of spaces, news and
threads (a thread = a topic with its approved posts: a result a reader can open, ranked on all
its words, with one date — its last activity), analysed Italian first, English second.

The Elasticsearch engine uses these mappings as they are; their analysis is generated from
search/analysis.py, as the embedded engine's (search/text.py).
"""

from __future__ import annotations

import re
import string
from typing import Any

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    MetaField,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
    tokenizer,
)

from search import facets
from search.analysis import (
    COMBINING,
    MAX_GRAM,
    MIN_GRAM,
    SEPARATOR_JAVA,
    STEMMERS,
    STOP_WORDS,
    folding_map,
)
from search.ranking import moment

# The mappings' and analysis' version, stored in the index's `_meta`: an index built with another
# one answers 503 "rebuild" (as the embedded engine's PRAGMA user_version). Bump it with any
# change below.
LAYOUT = 5

# The analysis, generated from search/analysis.py (the embedded engine's is built from it too):
# combining accents dropped, words split as the embedded engine splits them (letters and digits;
# `quell'ufficio`, `coworking.it`, `3.5`, `foo_bar` are two words each), folded by the table the
# embedded engine folds by (analysis.folding_map: à → a, ﬁ → fi, 𝐀 → a, ς → σ; ~4,300 rules,
# ~40 kB of settings), lowercase, one stop-word list, Snowball stems.
drop_marks = char_filter("tv_drop_marks", type="pattern_replace", pattern=COMBINING, replacement="")
fold = char_filter(
    "tv_fold", type="mapping", mappings=[f"{k} => {v}" for k, v in folding_map().items()]
)
words = tokenizer("tv_words", type="pattern", pattern=SEPARATOR_JAVA)
stop = token_filter("tv_stop", type="stop", stopwords=sorted(STOP_WORDS))
snowball = {
    language: token_filter(f"tv_{language}_stem", type="snowball", language=language.capitalize())
    for language in STEMMERS
}
edge_ngram = token_filter("tv_edge_ngram", type="edge_ngram", min_gram=MIN_GRAM, max_gram=MAX_GRAM)
# Filters compare cities whatever the case of their ASCII letters, as the embedded engine's
# COLLATE NOCASE does (no other folding: "CITTÀ" is not "città" on either engine).
ascii_case = char_filter(
    "tv_ascii_case",
    type="mapping",
    mappings=[f"{c} => {c.lower()}" for c in string.ascii_uppercase],
)
caseless = normalizer("tv_caseless", char_filter=[ascii_case])


def _analyzer(name: str, *filters) -> Any:
    chars = [drop_marks, fold]
    return analyzer(name, char_filter=chars, tokenizer=words, filter=["lowercase", *filters])


# Each word under its stem in each language, at one position (a stem both share, once): the
# embedded engine's stemmed columns, so one field weighs a word whatever its language.
both_stems = token_filter(
    "tv_stems",
    type="multiplexer",
    filters=[[snowball[language]] for language in STEMMERS],
    preserve_original=False,
)
stemmed = _analyzer("tv_stemmed", stop, both_stems)
# Folded words, unstemmed: the did-you-mean vocabulary (public documents only).
folded = _analyzer("tv_folded")
autocomplete_index = _analyzer("tv_autocomplete", edge_ngram)
autocomplete_search = folded


class SearchDocument(Document):
    kind = Keyword()  # space | news | thread
    title = Text(
        analyzer=stemmed,
        fields={
            # The title's folded words, unstemmed, stop words kept: autocomplete's earlier words
            # (whole words, as the embedded engine's `title` column)…
            "words": Text(analyzer=folded),
            # …and the start of the last one.
            "ac": Text(analyzer=autocomplete_index, search_analyzer=autocomplete_search),
        },
    )
    body = Text(analyzer=stemmed)
    suggest_text = Text(analyzer=folded)  # title + body of public documents only
    url = Keyword(index=False)
    date = Date()
    expire_at = Date()  # pages with an expiry: hidden from the moment it passes, at query time
    year = Integer()
    city = Keyword(fields={"caseless": Keyword(normalizer=caseless)})  # facets show it as written
    neighbourhood = Keyword()
    forum_id = Integer()  # threads: filtered against the user's readable forums at query time
    forum = Keyword()
    tags = Keyword()
    location = GeoPoint()
    is_public = Boolean()  # readable by anonymous visitors: may feed suggestions/autocomplete

    class Meta:
        meta = MetaField({"tavolone_layout": LAYOUT})


# The registry's other facets (search/facets.py): a keyword (or integer) field each, an array
# for a multi-valued one.
for _facet in facets.STORED:
    SearchDocument._doc_type.mapping.field(
        _facet.field, Integer() if _facet.value == facets.INTEGER else Keyword()
    )


def build_index(name: str, replicas: str = "0-1") -> Index:
    """The index `name`: one shard; replicas as the cluster allows (`auto_expand_replicas`:
    "0-1" = a copy on a second node when there is one, never an unassignable replica)."""
    index = Index(name)
    index.settings(
        number_of_shards=1,
        auto_expand_replicas=replicas,
        # Only ngram (not edge_ngram) filters are bound by it; set so no default decides.
        max_ngram_diff=MAX_GRAM - MIN_GRAM,
    )
    index.document(SearchDocument)
    return index


# Control characters never reach the index: \x01/\x02 are the highlight markers, which user text
# must not be able to produce (they become <mark>).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(value: str | None) -> str:
    return _CONTROL.sub(" ", value or "")


def to_source(doc: dict) -> dict:
    """A plain document (search.sources) → the Elasticsearch _source."""
    when = moment(doc.get("date"))  # a news article's day: midnight here, as on the embedded engine
    loc = doc.get("location")
    expire_at = doc.get("expire_at")
    public = bool(doc.get("is_public"))
    title, body = clean(doc["title"]), clean(doc["body"])
    return {
        "kind": doc["kind"],
        "title": title,
        "body": body,
        "suggest_text": f"{title} {body}" if public else "",
        "url": doc["url"],
        "date": when.isoformat() if when else None,
        "expire_at": expire_at.isoformat() if expire_at else None,
        "year": when.year if when else None,
        "city": doc.get("city") or None,
        "neighbourhood": doc.get("neighbourhood") or None,
        "forum_id": doc.get("forum_id"),
        "forum": doc.get("forum") or None,
        "tags": doc.get("tags") or [],
        "location": {"lat": loc[0], "lon": loc[1]} if loc else None,
        "is_public": public,
        **{f.field: [] for f in facets.STORED},
        **_stored(doc),
    }


def _stored(doc: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in facets.doc_values(doc):
        out.setdefault(facets.BY_NAME[name].field, []).append(value)
    return out
