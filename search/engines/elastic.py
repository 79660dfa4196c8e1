"""The Elasticsearch engine: elasticsearch-dsl against ELASTICSEARCH_URL.

Index names carry our own prefix (`<prefix>-search-<stamp>`, behind the alias
`<prefix>-search`): Wagtail's atomic rebuild deletes indices under its prefix, not ours.
User text reaches Elasticsearch only through multi_match / match / the term suggester on words
we extracted — never query_string.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable
from datetime import datetime

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import Q, Search
from elasticsearch.dsl.function import SF

from search import text
from search.documents import build_index, to_source
from search.engines.base import Engine, EngineUnavailable, Progress, Replay
from search.params import Facet, Hit, SearchParams, SearchResults

OPEN, CLOSE = "\x01", "\x02"
TITLE_FIELDS = ["title^10", "title.en^5", "body", "body.en^0.5"]


def _mark(fragment: str) -> str:
    return (
        html.escape(fragment.replace("\x00", "")).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    )


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


def build_search(p: SearchParams, forum_ids: list[int], index: str) -> Search:
    """The request for one results page (unit-tested without a server)."""
    s = Search(index=index).extra(track_total_hits=True)
    terms = text.query_terms(p.q)
    words = " ".join(terms)
    if words:
        match = Q(
            "multi_match",
            query=words,
            fields=TITLE_FIELDS,
            type="most_fields",
            operator="or",
            fuzziness="AUTO",
            prefix_length=1,
        )
        # Recency: news and threads get up to +60% when fresh, halving every ~6 months.
        s = s.query(
            "function_score",
            query=match,
            functions=[
                SF({"weight": 1}),
                SF({"filter": Q("term", kind="space"), "weight": 0.3}),
                SF(
                    "gauss",
                    date={"origin": "now", "scale": "180d", "decay": 0.5},
                    filter=Q("terms", kind=["news", "thread"]),
                    weight=0.6,
                ),
            ],
            score_mode="sum",
            boost_mode="multiply",
        )
        s = s.highlight("title", number_of_fragments=0, pre_tags=[OPEN], post_tags=[CLOSE])
        s = s.highlight(
            "body",
            fragment_size=160,
            number_of_fragments=1,
            no_match_size=200,
            pre_tags=[OPEN],
            post_tags=[CLOSE],
        )
        s = s.suggest(
            "fix",
            words,
            term={"field": "suggest_text", "suggest_mode": "missing", "min_word_length": 4},
        )
    s = s.filter(_permitted(forum_ids))
    for name in ("kind", "city", "year"):
        if getattr(p, name):
            s = s.filter("term", **{name: getattr(p, name)})
    if p.forum:
        s = s.filter("term", forum_id=p.forum)
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
    s.aggs.bucket("kind", "terms", field="kind", size=10)
    s.aggs.bucket("city", "terms", field="city", size=30)
    s.aggs.bucket("forum", "terms", field="forum_id", size=50).metric(
        "name", "terms", field="forum", size=1
    )
    s.aggs.bucket("year", "terms", field="year", size=30)
    s = s.source(["kind", "title", "url", "date", "city", "forum", "location"])
    return s[p.offset : p.offset + p.per_page]


def parse_response(body: dict, p: SearchParams) -> SearchResults:
    """A raw search response → SearchResults (unit-tested on a recorded response)."""
    results = SearchResults(params=p)
    total = body.get("hits", {}).get("total", 0)
    results.total = total["value"] if isinstance(total, dict) else int(total)
    for hit in body.get("hits", {}).get("hits", []):
        src, hl = hit.get("_source", {}), hit.get("highlight", {})
        when = src.get("date")
        distance = hit["sort"][0] if p.near and hit.get("sort") else None
        results.hits.append(
            Hit(
                kind=src.get("kind", ""),
                title=src.get("title", ""),
                url=src.get("url", ""),
                snippet_html=_mark((hl.get("body") or [""])[0]),
                title_html=_mark((hl.get("title") or [src.get("title", "")])[0]),
                date=datetime.fromisoformat(when) if when else None,
                distance_km=round(float(distance), 2) if distance is not None else None,
                city=src.get("city") or "",
                forum=src.get("forum") or "",
                score=float(hit.get("_score") or 0.0),
            )
        )
    aggs = body.get("aggregations", {})
    for name in ("kind", "city", "forum", "year"):
        for b in aggs.get(name, {}).get("buckets", []):
            label = str(b["key"])
            if name == "forum" and b.get("name", {}).get("buckets"):
                label = b["name"]["buckets"][0]["key"]
            results.facets.setdefault(name, []).append(Facet(str(b["key"]), label, b["doc_count"]))
    fixes, changed = [], False
    for entry in body.get("suggest", {}).get("fix", []):
        options = entry.get("options") or []
        fixes.append(options[0]["text"] if options else entry["text"])
        changed = changed or bool(options)
    results.suggestion = " ".join(fixes) if changed else ""
    return results


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str, timeout: float = 3.0):
        self.alias = f"{prefix}-search"
        # No retries: a down cluster must answer "unavailable" fast, the outbox retries later.
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0)

    def _call(self, fn):
        try:
            return fn()
        except EngineUnavailable:
            raise
        except (TransportError, ApiError, helpers.BulkIndexError, OSError) as exc:
            raise EngineUnavailable(f"Elasticsearch: {exc}") from exc

    def _ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = f"{self.alias}-{int(time.time() * 1000)}"
            build_index(name).create(using=self.client)
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}]
            )

    def _bulk(self, actions: Iterable[dict]) -> int:
        ok, errors = helpers.bulk(self.client, actions, raise_on_error=False, chunk_size=1000)
        # 409: a newer version is already indexed; 404: already deleted. Anything else: retry.
        real = [e for e in errors if list(e.values())[0].get("status") not in (404, 409)]
        if real:
            raise EngineUnavailable(f"Elasticsearch refused {len(real)} updates: {real[:1]}")
        return ok

    def index(self, docs: list[dict], version: int = 0) -> None:
        def run():
            self._ensure_index()
            self._bulk(self._actions(docs, self.alias, version))

        self._call(run)

    @staticmethod
    def _actions(docs: Iterable[dict], index: str, version: int):
        for doc in docs:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": doc["key"],
                "version": version,
                "version_type": "external_gte",
                "_source": to_source(doc),
            }

    def delete(self, keys: list[str], version: int = 0) -> None:
        actions = [
            {"_op_type": "delete", "_index": self.alias, "_id": key, "version": version,
             "version_type": "external_gte"}
            for key in keys
        ]  # fmt: skip
        self._call(lambda: self._bulk(actions))

    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        s = build_search(params, forum_ids, self.alias)
        if not text.query_terms(params.q) and not params.near:
            return SearchResults(params=params)
        try:
            body = self._call(lambda: s.using(self.client).execute().to_dict())
        except EngineUnavailable as exc:
            if isinstance(exc.__cause__, NotFoundError):
                return SearchResults(params=params)  # never built yet: nothing to find
            raise
        return parse_response(body, params)

    def suggest(self, q: str) -> str:
        words = " ".join(text.query_terms(q))
        if not words:
            return ""
        s = Search(index=self.alias).suggest(
            "fix", words, term={"field": "suggest_text", "suggest_mode": "missing"}
        )[:0]
        body = self._call(lambda: s.using(self.client).execute().to_dict())
        return parse_response(body, SearchParams()).suggestion

    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        words = " ".join(text.words(prefix)[: text.MAX_TERMS])
        if len(words) < 2:
            return []
        s = (
            Search(index=self.alias)
            .query("match", **{"title.ac": {"query": words, "operator": "and"}})
            .filter("term", is_public=True)
            .filter(_permitted(forum_ids))
            .source(["title", "url", "kind"])[:limit]
        )
        body = self._call(lambda: s.using(self.client).execute().to_dict())
        return [
            {k: h["_source"].get(k, "") for k in ("title", "url", "kind")}
            for h in body["hits"]["hits"]
        ]

    def rebuild(
        self, docs: Iterable[dict], version: int, replay: Replay, progress: Progress | None
    ) -> int:
        name = f"{self.alias}-{int(time.time() * 1000)}"
        count = 0

        def counted():
            nonlocal count
            for action in self._actions(docs, name, version):
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
                yield action

        def run():
            build_index(name).create(using=self.client)
            self._bulk(counted())
            late_docs, late_keys = replay()  # updates made while we were building
            self._bulk(self._actions(late_docs, name, version + 1))
            self._bulk({"_op_type": "delete", "_index": name, "_id": k} for k in late_keys)
            self.client.indices.refresh(index=name)
            old = []
            if self.client.indices.exists_alias(name=self.alias):
                old = list(self.client.indices.get_alias(name=self.alias).keys())
            # One request: searches see the old index or the new one, never none.
            self.client.indices.update_aliases(
                actions=[{"remove": {"index": i, "alias": self.alias}} for i in old]
                + [{"add": {"index": name, "alias": self.alias}}]
            )
            for i in old:
                self.client.indices.delete(index=i)

        self._call(run)
        if progress:
            progress(count)
        return count

    def status(self) -> dict:
        s = Search(index=self.alias).extra(size=0)
        s.aggs.bucket("kind", "terms", field="kind", size=10)
        try:
            body = self._call(lambda: s.using(self.client).execute().to_dict())
        except EngineUnavailable as exc:
            if isinstance(exc.__cause__, NotFoundError):
                return {"engine": self.name, "index": self.alias, "documents": {}}
            raise
        buckets = body.get("aggregations", {}).get("kind", {}).get("buckets", [])
        return {
            "engine": self.name,
            "index": self.alias,
            "documents": {b["key"]: b["doc_count"] for b in buckets},
        }
