"""The search documents, defined once with elasticsearch-dsl: one index of spaces, news and
threads (a thread = a topic with its approved posts: a result a reader can open, ranked on all
its words, with one date — its last activity), analysed Italian first, English second.

The Elasticsearch engine uses these mappings as they are; the embedded engine mirrors the
analysis in search/text.py (same elision, stop words, folding; Snowball Italian stems).
"""

from __future__ import annotations

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

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
edge_ngram = token_filter("tv_edge_ngram", type="edge_ngram", min_gram=2, max_gram=20)

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
    year = Integer()
    city = Keyword()
    neighbourhood = Keyword()
    forum_id = Integer()  # threads: filtered against the user's readable forums at query time
    forum = Keyword()
    tags = Keyword()
    location = GeoPoint()
    is_public = Boolean()  # readable by anonymous visitors: may feed suggestions/autocomplete


def build_index(name: str) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(SearchDocument)
    return index


def to_source(doc: dict) -> dict:
    """A plain document (search.sources) → the Elasticsearch _source."""
    when = doc.get("date")
    loc = doc.get("location")
    public = bool(doc.get("is_public"))
    return {
        "kind": doc["kind"],
        "title": doc["title"],
        "body": doc["body"],
        "suggest_text": f"{doc['title']} {doc['body']}" if public else "",
        "url": doc["url"],
        "date": when.isoformat() if when else None,
        "year": when.year if when else None,
        "city": doc.get("city") or None,
        "neighbourhood": doc.get("neighbourhood") or None,
        "forum_id": doc.get("forum_id"),
        "forum": doc.get("forum") or None,
        "tags": doc.get("tags") or [],
        "location": {"lat": loc[0], "lon": loc[1]} if loc else None,
        "is_public": public,
    }
