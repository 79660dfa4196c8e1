"""A loopback HTTP responder that answers like an Elasticsearch 8 node, from recorded responses.

No cluster runs here: the real client (elasticsearch + elastic_transport, its urllib3 node,
serializers, product check and retries) talks HTTP to this server, which replays the response
shapes Elasticsearch 8 sends (bodies below copied from 8.x responses) and records each request
for the test to read. Routes are tried newest first; a route's responses are served in order,
its last one repeated.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HEADERS = {
    "X-Elastic-Product": "Elasticsearch",  # the client refuses answers without it
    "Content-Type": "application/vnd.elasticsearch+json;compatible-with=8",
}


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: object  # JSON, or a list of JSON lines for _bulk
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def bulk_items(self) -> list[tuple[dict, dict | None]]:
        """(action line, source or None) pairs of a _bulk body."""
        lines, out = list(self.body or []), []
        while lines:
            action = lines.pop(0)
            op = next(iter(action))
            out.append((action, lines.pop(0) if op in ("index", "create", "update") else None))
        return out


@dataclass
class Stall:
    """Answer after `seconds` (longer than the client's timeout: a timeout)."""

    seconds: float


@dataclass
class Route:
    method: str
    pattern: re.Pattern
    responses: list = field(default_factory=list)


class Replay:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def on(self, method: str, path: str, *responses) -> Replay:
        """Answer `method` on paths matching the regex `path` (whole path) with `responses`:
        (status, body) pairs, Stall(seconds), or callables request → (status, body)."""
        self.routes.insert(0, Route(method, re.compile(path + r"\Z"), list(responses)))
        return self

    def sent(self, method: str | None = None, path: str = "") -> list[Request]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and re.search(path, r.path)
        ]

    def _answer(self, request: Request):
        with self._lock:
            self.requests.append(request)
            for route in self.routes:
                if route.method == request.method and route.pattern.match(request.path):
                    response = route.responses[0]
                    if len(route.responses) > 1:
                        route.responses.pop(0)
                    break
            else:
                return 500, {"error": f"no recorded response for {request.method} {request.path}"}
        if isinstance(response, Stall):
            time.sleep(response.seconds)
            return 200, {}
        return response(request) if callable(response) else response

    def _handler(self):
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _serve(self) -> None:
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body: object = None
                if raw and url.path.endswith("/_bulk"):
                    body = [json.loads(line) for line in raw.splitlines() if line.strip()]
                elif raw:
                    body = json.loads(raw)
                params = {k: v[-1] for k, v in parse_qs(url.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                request = Request(self.command, url.path, params, body, headers)
                status, answer = replay._answer(request)
                data = b"" if self.command == "HEAD" else json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    for name, value in HEADERS.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        return Handler

    def start(self) -> Replay:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- recorded Elasticsearch 8 responses -------------------------------------------------------
ACK = {"acknowledged": True}
ALIASES_ACK = {"acknowledged": True, "errors": False}


def created(name: str) -> dict:
    return {"acknowledged": True, "shards_acknowledged": True, "index": name}


def index_not_found(name: str) -> dict:
    cause = {
        "type": "index_not_found_exception",
        "reason": f"no such index [{name}]",
        "resource.type": "index_or_alias",
        "resource.id": name,
        "index_uuid": "_na_",
        "index": name,
    }
    return {"error": {"root_cause": [cause], **cause}, "status": 404}


def alias_missing(name: str) -> dict:
    return {"error": f"alias [{name}] missing", "status": 404}


def alias_of(index: str, alias: str) -> dict:
    return {index: {"aliases": {alias: {}}}}


def mapping_of(index: str, layout: int | None, build: str | None = None) -> dict:
    mappings: dict = {"properties": {"kind": {"type": "keyword"}}}
    if layout is not None:
        mappings["_meta"] = {"tavolone_layout": layout}
    if build is not None:
        mappings.setdefault("_meta", {})["tavolone_build"] = build
    return {index: {"mappings": mappings}}


REJECTED = {
    "error": {
        "root_cause": [
            {
                "type": "es_rejected_execution_exception",
                "reason": "rejected execution of coordinating operation [coordinating_and_primary"
                "_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=5242880, "
                "max_coordinating_and_primary_bytes=53687091]",
            }
        ],
        "type": "es_rejected_execution_exception",
        "reason": "rejected execution of coordinating operation",
    },
    "status": 429,
}
PARSE_ERROR = {
    "error": {
        "root_cause": [
            {"type": "x_content_parse_exception", "reason": "[1:52] [bool] failed to parse"}
        ],
        "type": "x_content_parse_exception",
        "reason": "[1:52] [bool] failed to parse field [filter]",
    },
    "status": 400,
}


def item_ok(op: str, index: str, _id: str, version: int) -> dict:
    result = {"index": "created", "create": "created", "delete": "deleted"}[op]
    return {
        op: {
            "_index": index,
            "_id": _id,
            "_version": version,
            "result": result,
            "_shards": {"total": 1, "successful": 1, "failed": 0},
            "_seq_no": 0,
            "_primary_term": 1,
            "status": 200 if op == "delete" else 201,
        }
    }


def item_error(op: str, index: str, _id: str, status: int, etype: str, reason: str) -> dict:
    error = {"type": etype, "reason": reason, "index_uuid": "aBcD1234", "index": index}
    return {op: {"_index": index, "_id": _id, "status": status, "error": error}}


def conflict(op: str, index: str, _id: str) -> dict:
    reason = f"[{_id}]: version conflict, current version [9] is higher than the version [8]"
    return item_error(op, index, _id, 409, "version_conflict_engine_exception", reason)


def rejected(op: str, index: str, _id: str) -> dict:
    reason = "rejected execution of primary operation on EsThreadPoolExecutor[name = es01/write]"
    return item_error(op, index, _id, 429, "es_rejected_execution_exception", reason)


def not_an_alias(op: str, index: str, _id: str) -> dict:
    reason = f"[require_alias] request flag is [true] and [{index}] is not an alias"
    return item_error(op, index, _id, 404, "index_not_found_exception", reason)


def mapping_refused(op: str, index: str, _id: str) -> dict:
    reason = "failed to parse field [location] of type [geo_point]"
    return item_error(op, index, _id, 400, "document_parsing_exception", reason)


def not_found_delete(index: str, _id: str) -> dict:
    item = item_ok("delete", index, _id, 1)
    item["delete"].update(result="not_found", status=404)
    return item


def bulk_answer(*items: dict) -> dict:
    errors = any(next(iter(i.values()))["status"] >= 300 for i in items)
    return {"errors": errors, "took": 7, "items": list(items)}


def bulk_all_ok(request: Request) -> tuple[int, dict]:
    """Acknowledge every action of a _bulk request."""
    items = []
    for action, _ in request.bulk_items:
        op, meta = next(iter(action.items()))
        items.append(item_ok(op, meta.get("_index", "x"), meta["_id"], meta.get("version", 1)))
    return 200, bulk_answer(*items)


def search_answer(hits: list[dict] | None = None, total: int | None = None, **extra) -> dict:
    hits = hits or []
    return {
        "took": 2,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "max_score": None,
            "hits": hits,
        },
        **extra,
    }


class VersionedBulk:
    """A _bulk responder that keeps each document's external version as Elasticsearch does with
    `version_type: external_gte` (a lower version than the stored one is a 409 conflict; a
    delete leaves its version behind), and the last source written (None once deleted)."""

    def __init__(self) -> None:
        self.docs: dict[str, tuple[int, dict | None]] = {}

    def __call__(self, request: Request) -> tuple[int, dict]:
        items = []
        for action, source in request.bulk_items:
            op, meta = next(iter(action.items()))
            index, _id, version = meta.get("_index", "x"), meta["_id"], meta.get("version", 1)
            stored = self.docs.get(_id)
            if stored and version < stored[0]:
                items.append(conflict(op, index, _id))
                continue
            self.docs[_id] = (version, source if op == "index" else None)
            items.append(item_ok(op, index, _id, version))
        return 200, bulk_answer(*items)
