"""Stored anonymous pages answered before Django's middleware stack runs (issue 16).

`tavolone.wsgi.application` is this handler. A request that the site cache may answer (the
middleware's `page_key`: an anonymous GET, the same key) and whose page is stored and current
(`entries.lookup`) is answered by the middleware's own `from_entry` (the ETag and its 304, this
request's CSP nonce, a topic view counted), passed through the middleware placed before the
site cache in MIDDLEWARE (security headers, the Content-Security-Policy): the response that the
whole stack gives, without the ten middleware after it nor the request signals. Everything
else goes to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, SuspiciousOperation
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from tavolone.pagecache import entries
from tavolone.pagecache.middleware import PageCacheMiddleware, page_key

SITE_CACHE = f"{PageCacheMiddleware.__module__}.{PageCacheMiddleware.__name__}"


class StoredPageHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async)
        self._to_stored_page = self._chain_before_site_cache()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        response = self.stored_page(self.request_class(environ))
        if response is None:
            return super().__call__(environ, start_response)
        # Django's own conversion (WSGIHandler.__call__), without the request signals: a
        # stored page opens no database connection for them to close.
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items()])
        return [response.content]

    def stored_page(self, request: HttpRequest) -> HttpResponse | None:
        """The stored page for `request` with the headers of the whole stack, or None."""
        if self._to_stored_page is None:
            return None
        try:
            key = page_key(request)
        except SuspiciousOperation:  # a host not allowed: Django's own answer
            return None
        entry = entries.lookup(key) if key is not None else None
        if entry is None:
            return None
        request.stored_page = entry
        return self._to_stored_page(request)

    def _chain_before_site_cache(self) -> Callable[[HttpRequest], HttpResponse] | None:
        names = list(settings.MIDDLEWARE)
        if SITE_CACHE not in names:
            return None
        site_cache = PageCacheMiddleware(super().get_response)

        def answer(request: HttpRequest) -> HttpResponse:
            return site_cache.from_entry(request, request.stored_page)

        handler = convert_exception_to_response(answer)
        for name in reversed(names[: names.index(SITE_CACHE)]):
            try:
                middleware = import_string(name)(handler)
            except MiddlewareNotUsed:
                continue
            handler = convert_exception_to_response(middleware)
        return handler
