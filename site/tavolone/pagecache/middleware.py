"""The site cache of whole anonymous pages, and every response's Cache-Control.

Placed before the session middleware: a stored page is served without touching the session,
the database or the view. A request is a candidate when it is a GET from a visitor without a
session or message cookie; the key is host + language + path (+ ?page=N). A page is stored
only if the view declared a policy (policy.py) and the response is a public 200: no cookie set,
no CSRF token read, not for a member. The CSP nonce is stored as a placeholder and renewed on
each hit.

Headers: anonymous 200s with a policy get `public, max-age=0, s-maxage=N`, an ETag (a 304
on revalidation) and, if some tag can purge them, their tags in `Cache-Tags` for the HTTP cache
in front (docs/deploy/varnish.vcl keeps them for s-maxage, bans them by tag: purge.py); a
member's pages are `private`; POST answers, pages that set a cookie or carry a CSRF token
(forms, messages) are `private, no-store`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags
from wagtail.views import serve as wagtail_serve

from tavolone.pagecache import entries, memo, purge
from tavolone.pagecache import policy as policies
from tavolone.pagecache import views as view_counts
from tavolone.pagecache.tags import ANY, generations

NONCE_PLACEHOLDER = "__tavolone_csp_nonce__"
SKIPPED_HEADERS = {
    "set-cookie",
    "vary",
    "cache-control",
    "etag",
    "last-modified",
    "expires",
    "content-length",
    "content-security-policy",
    "content-security-policy-report-only",
}
PAGINATION = "page"
NOT_MODIFIED_HEADERS = ("Cache-Control", "ETag", "Last-Modified", "Content-Language", "Vary")


def _language(request: HttpRequest) -> str:
    # The same choice as ItalianFirstLocaleMiddleware, which runs after this one.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    try:
        return translation.get_supported_language_variant(chosen)
    except LookupError:
        return settings.LANGUAGE_CODE


def page_key(request: HttpRequest) -> str | None:
    """The site cache key of an anonymous GET, or None if it may not come from the cache."""
    if request.method != "GET" or not getattr(settings, "SITE_CACHE", True):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    query = request.GET
    if query and (set(query) != {PAGINATION} or not query[PAGINATION][:6].isdigit()):
        return None  # any other query is the visitor's own: not worth a cache entry
    path = request.path + (f"?page={query[PAGINATION][:6]}" if query else "")
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"pc:page:{request.get_host()}:{_language(request)}:{digest}"


def _etag(body: bytes) -> str:
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'


def _not_modified(request: HttpRequest, etag: str) -> bool:
    return etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))


def _nonce(request: HttpRequest) -> str | None:
    return getattr(request, "_csp_nonce", None)


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = page_key(request)
        if key is not None:
            entry = entries.lookup(key)
            if entry is not None:
                return self.from_entry(request, entry)
            before = generations([ANY])[ANY]
        response = self.get_response(request)
        public = self.set_headers(request, response)
        policy = policies.declared(request)
        if key is not None and public and policy is not None and policy.site_cache:
            gens = generations([*policy.all_tags, ANY])
            if gens.pop(ANY) == before:  # nothing changed while the page was rendered
                self.store(request, key, response, gens)
            else:  # its tags may already be banned: the HTTP cache must not keep it either
                del response[purge.HEADER]
        if public and _not_modified(request, response["ETag"]):
            return self.not_modified(response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is wagtail_serve and settings.SITE_CACHE_DATA:
            request._wagtail_site = memo.wagtail_site(request)  # Wagtail's own per-request slot
        # Wagtail pages declare theirs once routed (wagtail_hooks.py); other views by name.
        policy = policies.for_view(request.resolver_match)
        if policy is not None:
            policies.declare(request, policy)

    def set_headers(self, request: HttpRequest, response: HttpResponse) -> bool:
        """Cache-Control for `response`; True if it is public (the same for every visitor)."""
        if response.has_header("Cache-Control") or response.streaming:
            return False
        if request.method not in ("GET", "HEAD") or response.cookies:
            patch_cache_control(response, private=True, no_store=True)
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
            return False
        policy = policies.declared(request)
        uses_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or "messages" in request.COOKIES
        if policy is None or response.status_code != 200 or uses_token:
            if uses_token:
                patch_cache_control(response, private=True, no_store=True)
            return False
        # Browsers revalidate every time (a 304 from the site cache when nothing changed): the
        # same URL changes with the language cookie and with logging in, which a browser's
        # own fresh copy would hide. Shared caches (keyed on the cookie) keep it max_age.
        patch_cache_control(response, public=True, max_age=0, s_maxage=policy.max_age)
        # The HTTP cache in front keeps only what a ban can reach (docs/deploy/varnish.vcl):
        # pages no tag purges (search results follow the index) carry no tags.
        if policy.site_cache:
            response[purge.HEADER] = " ".join(policy.all_tags)
        # The session was only read to find no member: the page is the same for all visitors.
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        vary = [v for v in vary if v.lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        response["ETag"] = _etag(self.stored_body(request, response))
        return True

    def stored_body(self, request: HttpRequest, response: HttpResponse) -> bytes:
        nonce = _nonce(request)
        body = response.content
        return body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode()) if nonce else body

    def store(self, request: HttpRequest, key: str, response: HttpResponse, gens: dict) -> None:
        now = time.time()
        response["Last-Modified"] = http_date(now)
        entry = {
            "gens": gens,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in SKIPPED_HEADERS],
            "cache_control": response["Cache-Control"],
            "body": self.stored_body(request, response),
            "etag": response["ETag"],
            "modified": now,
            "topic_view": policies.declared(request).topic_view,
        }
        # Events purge a stored page at once; what changes with the clock alone ("open now",
        # an expiry passing) may wait no longer than the page's own s-maxage.
        lifetime = min(settings.SITE_CACHE_SECONDS, policies.declared(request).max_age)
        entries.save(key, entry, lifetime)

    def from_entry(self, request: HttpRequest, entry: dict) -> HttpResponse:
        if entry.get("topic_view"):
            view_counts.count_view(entry["topic_view"])
        body = entry["body"]
        if NONCE_PLACEHOLDER.encode() in body:
            body = body.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
        response = HttpResponse(body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Cache-Control"] = entry["cache_control"]
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["modified"])
        response["X-Site-Cache"] = "hit"
        if _not_modified(request, entry["etag"]):
            return self.not_modified(response)
        return response

    def not_modified(self, response: HttpResponse) -> HttpResponse:
        answer = HttpResponseNotModified()
        for name in NOT_MODIFIED_HEADERS:
            if response.has_header(name):
                answer[name] = response[name]
        # The browser keeps the body it has and its policy: a new nonce would not match it.
        answer._csp_exempt = True
        return answer
