"""The Elasticsearch bulk actions, their chunks, and what a bulk answer's errors mean: pure
functions (search/engines/elastic.py sends them with retries)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator

from search.documents import to_source

log = logging.getLogger("search.engines.elastic")
# A document Elasticsearch will never accept as it is: set aside (logged) rather than blocking
# every later update. Any other refusal (an index-level problem) keeps the update in the outbox.
REFUSED_FOR_GOOD = {
    "document_parsing_exception",
    "mapper_parsing_exception",
    "strict_dynamic_mapping_exception",
}


def index_actions(docs: Iterable[dict], index: str, version: int) -> Iterator[dict]:
    for doc in docs:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": doc["key"],
            "version": version,
            "version_type": "external_gte",
            "_source": to_source(doc),
        }


def delete_actions(keys: Iterable[str], index: str, version: int) -> Iterator[dict]:
    for key in keys:
        yield {
            "_op_type": "delete",
            "_index": index,
            "_id": key,
            "version": version,
            "version_type": "external_gte",
        }


def chunks(actions: Iterable[dict], max_docs: int, max_bytes: int) -> Iterator[list[dict]]:
    """Actions in lists of at most `max_docs` documents and about `max_bytes` of JSON."""
    chunk: list[dict] = []
    size = 0
    for action in actions:
        n = len(json.dumps(action.get("_source") or {}, default=str)) + 200
        if chunk and (len(chunk) >= max_docs or size + n > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append(action)
        size += n
    if chunk:
        yield chunk


def failures(errors: list[dict]) -> list[dict]:
    """The errors of a bulk answer that must keep their updates in the outbox: a 409 (a newer
    version is indexed) and a delete's 404 (already gone) are done; a document refused for good
    is set aside with a log line."""
    failed = []
    for error in errors:
        op, item = next(iter(error.items()))
        status = item.get("status", 500)
        if status == 409 or (status == 404 and op == "delete"):
            continue
        kind = (item.get("error") or {}).get("type")
        if status == 413 or (status == 400 and kind in REFUSED_FOR_GOOD):
            log.error(
                "search: Elasticsearch refused %s for good (%s); set aside: %s",
                item.get("_id"),
                status,
                item.get("error"),
            )
            continue
        failed.append(error)
    return failed
