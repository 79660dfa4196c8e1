"""One database transaction per write request.

A forum reply is several writes (machina's topic, its first post, the counters, our search outbox
row, notification bookkeeping) that machina and our signal receivers make one after another in
autocommit: a worker killed or failing between two of them left a listed topic with no post, or a
post the index never heard of. Every unsafe request runs in one transaction, rolled back when the
view raised (whatever answer another middleware then makes of it) or the answer is a server
error; `transaction.on_commit` work (emails, with the in-process task backend) runs after it;
search index updates are only recorded here and applied by the background worker.

Not ATOMIC_REQUESTS: that wraps GETs too, and on SQLite (IMMEDIATE transactions) every page view
would then take the write lock.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            failed = getattr(request, "_write_failed", False) or response.status_code >= 500
            # A view that closed its connection (a test's live server) left no block to undo.
            if failed and transaction.get_connection().in_atomic_block:
                transaction.set_rollback(True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        request._write_failed = True  # roll back even if another middleware answers 4xx
