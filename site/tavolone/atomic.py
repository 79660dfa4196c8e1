"""One database transaction per write request.

A forum reply is several writes (machina's topic, its first post, the counters, our search outbox
row, notification bookkeeping) that machina and our signal receivers make one after another in
autocommit: a worker killed or failing between two of them left a listed topic with no post, or a
post the index never heard of. Wrapping the view of every unsafe request in one transaction makes
the request all or nothing; `transaction.on_commit` work (index updates, emails) runs after it.

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
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Run an unsafe request's view inside a transaction: an exception rolls it all back
        (a middleware's own call would only see the 500 response Django made of it)."""
        if request.method in SAFE_METHODS or "default" in getattr(
            view_func, "_non_atomic_requests", set()
        ):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
