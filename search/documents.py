"""The search documents, defined once with elasticsearch-dsl: one index of spaces, news and
threads (a thread = a topic with its approved posts: a result a reader can open, ranked on all
its words, with one date — its last activity), analysed Italian first, English second.

The Elasticsearch engine uses these mappings as they are; the embedded engine mirrors the
analysis in search/text.py (same elision, stop words, folding; Snowball Italian stems).
"""

from __future__ import annotations

import re

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
    normalizer,
    token_filter,
)

# The mappings' and analysis' version, stored in the index's `_meta`: an index built with another
# one answers 503 "rebuild" (as the embedded engine's PRAGMA user_version). Bump it with any
# change below.
LAYOUT = 2

# l', dell', all', un', … are cut off the word they precede (Lucene's Italian article list).
italian_elision = token_filter(
    "tv_italian_elision",
    type="elision",
    articles_case=True,
    articles=[
        "c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl",
        "degl", "negl", "sugl", "un", "m", "t", "s", "v", "d",
    ],
)  # fmt: skip
italian_stop = token_filter("tv_italian_stop", type="stop", stopwords="_italian_")
italian_stem = token_filter("tv_italian_stem", type="stemmer", language="light_italian")
english_stop = token_filter("tv_english_stop", type="stop", stopwords="_english_")
english_stem = token_filter("tv_english_stem", type="stemmer", language="light_english")
MIN_GRAM, MAX_GRAM = 2, 20
edge_ngram = token_filter("tv_edge_ngram", type="edge_ngram", min_gram=MIN_GRAM, max_gram=MAX_GRAM)
# Filters compare cities whatever their case, as the embedded engine (COLLATE NOCASE).
caseless = normalizer("tv_caseless", filter=["lowercase", "asciifolding"])

italian = analyzer(
    "tv_italian",
    tokenizer="standard",
    filter=[italian_elision, "lowercase", italian_stop, "asciifolding", italian_stem],
)
english = analyzer(
    "tv_english",
    tokenizer="standard",
    filter=["lowercase", english_stop, "asciifolding", english_stem],
)
# Folded words, unstemmed: the did-you-mean vocabulary (public documents only).
folded = analyzer(
    "tv_folded", tokenizer="standard", filter=[italian_elision, "lowercase", "asciifolding"]
)
autocomplete_index = analyzer(
    "tv_autocomplete",
    tokenizer="standard",
    filter=[italian_elision, "lowercase", "asciifolding", edge_ngram],
)
autocomplete_search = folded


class SearchDocument(Document):
    kind = Keyword()  # space | news | thread
    title = Text(
        analyzer=italian,
        fields={
            "en": Text(analyzer=english),
            "ac": Text(analyzer=autocomplete_index, search_analyzer=autocomplete_search),
        },
    )
    body = Text(analyzer=italian, fields={"en": Text(analyzer=english)})
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
    when = doc.get("date")
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
    }
