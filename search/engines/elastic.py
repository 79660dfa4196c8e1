"""The Elasticsearch engine: elasticsearch-dsl against ELASTICSEARCH_URL.

Index names carry our own prefix (`<prefix>-search-<stamp>`, behind the alias
`<prefix>-search`): Wagtail's atomic rebuild deletes indices under its prefix, not ours.
Documents are only ever written through the alias (`require_alias`) or into a new index of a
rebuild: a write never creates an index named like the alias. Reads fail fast (a short timeout,
no retries: the page answers 503); writes have a longer timeout and bounded retries with
back-off on 429, 5xx and timeouts (the outbox keeps what still fails).
Request bodies: search/engines/elastic_query.py; bulk actions: search/engines/elastic_write.py.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from elastic_transport import ConnectionError as NodeConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import Search

from search import text
from search.documents import LAYOUT, build_index
from search.engines import elastic_query as query
from search.engines import elastic_write as write
from search.engines.base import BuiltHere, Engine, EngineUnavailable, FirstBuild, Rebuild
from search.engines.elastic_query import build_search, parse_response  # noqa: F401 (API)
from search.params import BadSearchInput, SearchParams, SearchResults

log = logging.getLogger(__name__)
QUERY_REFUSED = gettext_noop("This search could not be run: try fewer or simpler words.")
RETRY_STATUS = (429, 502, 503, 504)  # overloaded or restarting: worth another try


class ElasticsearchEngine(Engine):
    name = "elasticsearch"
    attempts = 4  # a write is tried this many times…
    backoff = 0.5  # …waiting this many seconds before the first retry, twice as long each time
    chunk_docs = 500  # a bulk request holds at most this many documents…
    chunk_bytes = 5 * 1024 * 1024  # …and about this many bytes of them

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured(
                "SEARCH_ENGINE names the Elasticsearch engine but ELASTICSEARCH_URL is not set: "
                "set it to the cluster's address (e.g. https://search.internal:9200), or unset "
                "SEARCH_ENGINE for the embedded engine."
            )
        return {
            "url": settings.ELASTICSEARCH_URL,
            "prefix": settings.ELASTICSEARCH_INDEX_PREFIX,
            "api_key": getattr(settings, "ELASTICSEARCH_API_KEY", ""),
            "ca_certs": getattr(settings, "ELASTICSEARCH_CA_CERTS", ""),
            "ssl_fingerprint": getattr(settings, "ELASTICSEARCH_SSL_FINGERPRINT", ""),
            "read_timeout": getattr(settings, "ELASTICSEARCH_READ_TIMEOUT", 3),
            "write_timeout": getattr(settings, "ELASTICSEARCH_WRITE_TIMEOUT", 30),
            "replicas": getattr(settings, "ELASTICSEARCH_REPLICAS", "0-1"),
        }

    def __init__(
        self,
        url: str,
        prefix: str,
        *,
        api_key: str = "",
        ca_certs: str = "",
        ssl_fingerprint: str = "",
        read_timeout: float = 3.0,
        write_timeout: float = 30.0,
        replicas: str = "0-1",
        built_here: BuiltHere | None = None,
        first_build: FirstBuild | None = None,
    ):
        self.alias = f"{prefix}-search"
        self.replicas = replicas
        options: dict[str, Any] = {}
        if api_key:
            options["api_key"] = api_key
        if ca_certs:
            options["ca_certs"] = ca_certs
        if ssl_fingerprint:
            options["ssl_assert_fingerprint"] = ssl_fingerprint
        base = Elasticsearch(url, max_retries=0, **options)
        self.client = base.options(request_timeout=read_timeout)
        self.writer = base.options(request_timeout=write_timeout)
        self._layout_checked = False
        # Whether the site built the index with a given build id, and the id a first write's
        # index carries (services asks its database); None: any index will do, a first write's
        # carries none (an engine made by hand).
        self.built_here = built_here
        self.first_build = first_build

    # --- errors, retries ----------------------------------------------------------------------
    def _read(self, fn: Callable[[], Any]) -> Any:
        """Run a read; NotFoundError passes (callers decide), a 4xx is our bug: logged as an
        error and answered as BadSearchInput (a 400), never as "temporarily unavailable"."""
        try:
            return fn()
        except NotFoundError:
            raise
        except ApiError as exc:
            if exc.status_code in (401, 403):  # configuration, not our query: 503, loudly
                log.error("search: Elasticsearch refused our credentials: %s", exc)
            elif 400 <= exc.status_code < 500 and exc.status_code not in (408, 429):
                # Our bug (logged as one), but the visitor gets a clear 400, never a 500.
                log.error("search: Elasticsearch refused a request we built: %s", exc)
                raise BadSearchInput(_(QUERY_REFUSED)) from exc
            raise EngineUnavailable(f"Elasticsearch: {exc}") from exc
        except (TransportError, OSError) as exc:
            raise EngineUnavailable(f"Elasticsearch: {exc}") from exc

    def _write(self, fn: Callable[[], Any], retry_status: tuple = RETRY_STATUS) -> Any:
        """Run a write, retried with back-off on 429, 5xx, timeouts and lost connections."""
        for attempt in range(self.attempts):
            try:
                return fn()
            except (ConnectionTimeout, NodeConnectionError) as exc:
                error: Exception = exc
            except ApiError as exc:
                if exc.status_code not in retry_status:
                    raise
                error = exc
            if attempt + 1 < self.attempts:
                log.info("search: Elasticsearch write failed (%s), retrying", error)
                time.sleep(self.backoff * 2**attempt)
        raise error

    def _writing(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except EngineUnavailable:
            raise
        except (TransportError, ApiError, helpers.BulkIndexError, OSError) as exc:
            raise EngineUnavailable(f"Elasticsearch: {exc}") from exc

    # --- the index --------------------------------------------------------------------------
    def _check_layout(self) -> None:
        """An index built with other mappings or analysis, or not built by this site (a restored
        snapshot, staging's or another site's index behind the alias), answers 503 until rebuilt
        (asked once per process, again after a refusal: another process may rebuild meanwhile)."""
        if self._layout_checked:
            return
        try:
            body = self._read(lambda: self.client.indices.get_mapping(index=self.alias).body)
        except NotFoundError:
            return  # nothing built yet
        found = {
            (m.get("mappings") or {}).get("_meta", {}).get("tavolone_layout") for m in body.values()
        }
        if found != {LAYOUT}:
            raise EngineUnavailable(
                f"the Elasticsearch index {self.alias} was built by another version of Tavolone "
                f"(layout {', '.join(map(str, found))}, this one reads {LAYOUT}): run "
                "`python manage.py search_index rebuild`"
            )
        builds = {
            (m.get("mappings") or {}).get("_meta", {}).get("tavolone_build") for m in body.values()
        }
        foreign = [b for b in builds if self.built_here and not self.built_here(b)]
        if foreign:
            carries = f"it carries build {foreign[0]}" if foreign[0] else "it carries no build id"
            raise EngineUnavailable(
                f"the Elasticsearch index behind {self.alias} is not the index this site built "
                f"({carries}, not the one the site's database recorded: a restored snapshot, "
                "staging's or another site's index): run `python manage.py search_index rebuild`"
            )
        self._layout_checked = True

    def _new_index(self, build_id: str | None = None) -> str:
        name = f"{self.alias}-{int(time.time() * 1000)}"
        body = build_index(name, self.replicas).to_dict()
        if build_id:  # the index's name, beside its layout (a copy: the mapping's is shared)
            body["mappings"]["_meta"] = {**body["mappings"]["_meta"], "tavolone_build": build_id}
        try:
            self._write(lambda: self.writer.indices.create(index=name, **body))
        except ApiError as exc:  # a retry after a timeout finds the index it created
            if "resource_already_exists_exception" not in str(exc):
                raise
        return name

    def _switch_alias(self, name: str) -> list[str]:
        """Point the alias at `name` alone, in one request (searches see the old index or the
        new one, never none); a concrete index squatting on the alias' name goes in the same
        request. Returns the indices the alias left."""
        old, squatter = [], False
        if self.writer.indices.exists_alias(name=self.alias):
            old = list(self.writer.indices.get_alias(name=self.alias).body)
        else:
            squatter = bool(self.writer.indices.exists(index=self.alias))
        actions: list[dict] = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        if squatter:
            actions.append({"remove_index": {"index": self.alias}})
        actions.append({"add": {"index": name, "alias": self.alias}})
        self._write(lambda: self.writer.indices.update_aliases(actions=actions))
        return [i for i in old if i != name]

    def _settings(self, name: str, settings: dict) -> None:
        self._write(lambda: self.writer.indices.put_settings(index=name, settings=settings))

    def _ensure_index(self) -> bool:
        """Make the alias exist (a first write); False if it already did."""
        if self.writer.indices.exists_alias(name=self.alias):
            return False
        # The site's first index: the id it records (the same for two first writes at once).
        self._switch_alias(self._new_index(self.first_build() if self.first_build else None))
        # Two first writes at once each add an index: all keep the oldest, the others go (a
        # write to an alias of two indices fails, so nothing is lost with them).
        held = sorted(self.writer.indices.get_alias(name=self.alias).body)
        if len(held) > 1:
            actions = [{"remove": {"index": i, "alias": self.alias}} for i in held[1:]]
            with contextlib.suppress(NotFoundError):  # the other writer removed them first
                self._write(lambda: self.writer.indices.update_aliases(actions=actions))
            for i in held[1:]:
                with contextlib.suppress(NotFoundError):
                    self.writer.indices.delete(index=i)
        self._layout_checked = True
        return True

    # --- writes -----------------------------------------------------------------------------
    def _bulk(self, actions: Iterable[dict], require_alias: bool = True) -> int:
        """Send actions in chunks; documents rejected for good (4xx) are set aside with a log
        line, anything else not acknowledged raises EngineUnavailable (the outbox retries)."""
        sent = 0
        for chunk in write.chunks(actions, self.chunk_docs, self.chunk_bytes):

            def send(chunk=chunk):
                return helpers.bulk(
                    self.writer,
                    chunk,
                    chunk_size=len(chunk),
                    max_chunk_bytes=4 * self.chunk_bytes,
                    raise_on_error=False,
                    max_retries=self.attempts - 1,  # per-document 429s, with back-off
                    initial_backoff=self.backoff,
                    max_backoff=8 * self.backoff,
                    require_alias=require_alias or None,
                )

            # (429s are retried by helpers.bulk, with back-off, whole request or per document)
            _, errors = self._write(send, retry_status=(502, 503, 504))
            sent += len(chunk)
            failed = write.failures(errors)
            if failed:
                raise EngineUnavailable(
                    f"Elasticsearch did not apply {len(failed)} updates: {failed[:1]}"
                )
        return sent

    def index(self, docs: list[dict], version: int = 0) -> None:
        def run():
            if not self._ensure_index():
                self._check_layout()
            self._bulk(write.index_actions(docs, self.alias, version))

        self._writing(run)

    def delete(self, keys: list[str], version: int = 0) -> None:
        def run():
            # No alias, nothing indexed: a delete must not auto-create an index in its place.
            if not self.writer.indices.exists_alias(name=self.alias):
                return
            self._check_layout()
            self._bulk(write.delete_actions(keys, self.alias, version), require_alias=False)

        self._writing(run)

    def rebuild(self, build: Rebuild) -> int:
        name = self._writing(lambda: self._new_index(build.build_id))
        version = build.version
        try:

            def load():
                # No refreshes while loading (nobody searches the new index yet); the default
                # interval is back before it goes live.
                self._settings(name, {"refresh_interval": "-1"})
                self._bulk(write.index_actions(build.counted(), name, version), require_alias=False)
                late_docs, late_keys = build.replay()  # updates made while we were building
                self._bulk(write.index_actions(late_docs, name, version + 1), require_alias=False)
                self._bulk(write.delete_actions(late_keys, name, version + 1), require_alias=False)
                self._settings(name, {"refresh_interval": None})
                self._write(lambda: self.writer.indices.refresh(index=name))
                return self._switch_alias(name)

            old = self._writing(load)
        except BaseException:
            with contextlib.suppress(Exception):  # a failed rebuild leaves no index behind
                self.writer.indices.delete(index=name)
            raise
        self._layout_checked = True
        for i in old:
            try:
                self.writer.indices.delete(index=i)
            except (ApiError, TransportError) as exc:  # live index switched: only garbage left
                log.warning("search: could not delete the old index %s: %s", i, exc)
        return build.done()

    # --- reads ------------------------------------------------------------------------------
    def _execute(self, s: Search) -> dict:
        self._check_layout()
        return self._read(lambda: s.using(self.client).execute().to_dict())

    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        s = build_search(params, forum_ids, self.alias)
        if not text.query_terms(params.q) and not params.near and not params.chosen:
            return SearchResults(params=params)
        try:
            body = self._execute(s)
        except NotFoundError:
            return SearchResults(params=params)  # never built yet: nothing to find
        results = parse_response(body, params)
        if results.suggestion:
            fixes = self._confirmed(body)
            results.suggestion = query.suggestion(body, params.q, fixes)
            if fixes:  # searched too, as the embedded engine: a typo finds what it meant
                results = self._corrected(params, forum_ids, sorted(fixes), results)
        return results

    def _corrected(
        self, params: SearchParams, forum_ids: list[int], fixes: list[str], first: SearchResults
    ) -> SearchResults:
        try:
            body = self._execute(build_search(params, forum_ids, self.alias, fixes))
        except (EngineUnavailable, NotFoundError):  # the first results stand
            log.warning("search: could not search the corrections %s", fixes)
            return first
        results = parse_response(body, params)
        results.suggestion = first.suggestion
        return results

    def _confirmed(self, body: dict) -> set[str]:
        """The suggester's corrections that a live public document holds, of typed words whose
        stems find no public document."""
        words, typed = query.to_confirm(body)
        try:
            found = self._execute(query.confirm_search(words, self.alias, typed))
        except EngineUnavailable:  # the results stand; an unconfirmed word is never offered
            log.warning("search: could not confirm the suggestions %s", words)
            return set()
        return query.held_corrections(found, body)

    def suggest(self, q: str) -> str:
        s = query.suggest_search(q, self.alias)
        if s is None:
            return ""
        try:
            body = self._execute(s)
        except NotFoundError:
            return ""
        return query.suggestion(body, q, self._confirmed(body)) if query.suggestion(body, q) else ""

    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        s = query.autocomplete_search(prefix, forum_ids, limit, self.alias)
        if s is None:
            return []
        try:
            body = self._execute(s)
        except NotFoundError:
            return []
        return [
            {k: h["_source"].get(k, "") for k in ("title", "url", "kind")}
            for h in body["hits"]["hits"]
        ]

    def status(self) -> dict:
        s = Search(index=self.alias).extra(size=0)
        s.aggs.bucket("kind", "terms", field="kind", size=10)
        try:
            body = self._execute(s)
        except NotFoundError:
            return {"engine": self.name, "index": self.alias, "documents": {}}
        buckets = body.get("aggregations", {}).get("kind", {}).get("buckets", [])
        return {
            "engine": self.name,
            "index": self.alias,
            "documents": {b["key"]: b["doc_count"] for b in buckets},
        }
