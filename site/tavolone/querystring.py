"""NUL characters are dropped from query parameters before any view reads them.

Forms refuse NUL (Django's CharField validator, with a message in the form), but views read
query parameters themselves (?tag=, ?q=, filters), and PostgreSQL refuses NUL in text:
/news/?tag=%00 was a server error there. No link or form of ours puts NUL in a URL, so a
parameter is read as if it had none (search already answered "scri\\x00vania" that way)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict


def without_nul(query: QueryDict) -> QueryDict:
    """`query` with every NUL removed from its names and values (the same object if none)."""
    if not any("\x00" in k or any("\x00" in v for v in vs) for k, vs in query.lists()):
        return query
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class QueryStringMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = without_nul(request.GET)
        return self.get_response(request)
