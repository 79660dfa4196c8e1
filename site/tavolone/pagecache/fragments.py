"""Parts of a page that are the same for many viewers, kept rendered in the "pages" cache.

What an uncached view (a member's page, a stored page's miss) spends most of its time on is
often a block every visitor sees alike: the home page's spaces and news, an article's body.
A `Fragment` names such a block and the tags it depends on (the ones events.py bumps, as for
whole pages); the `{% fragment %}` tag (templatetags/fragment_tags.py) renders it once and
reuses the HTML while none of its tags (nor GLOBAL) moves and for at most `seconds` (what the
clock alone changes: an expiry passing, "open now").

The key holds the language and the site's host; everything else that varies goes into the
fragment's name, by whoever builds it: only viewer-independent content, or an explicit audience
(e.g. the forums a group may read). The request's CSP nonce is stored as a placeholder; a block
that used the CSRF token (a form) is not stored; a preview (a draft) is never stored nor read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from tavolone.pagecache.tags import GLOBAL, generations, store

NONCE_PLACEHOLDER = "__tavolone_fragment_nonce__"
CSRF_FLAG = "CSRF_COOKIE_NEEDS_UPDATE"  # set by django.middleware.csrf.get_token


@dataclass(frozen=True)
class Fragment:
    name: str  # what the block is and whose ("home-blocks:3", "threads:<audience>")
    tags: tuple[str, ...]  # what it shows (policy.py's tags)
    seconds: int  # at most this long: the page's own s-maxage (policy.py)


def audience_key(*parts: object) -> str:
    """A short, stable name for what a viewer may see (e.g. their readable forums)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def version(*tags: str) -> str | None:
    """The generations of GLOBAL and `tags` as one string, for parts stored elsewhere under a
    key of their own (forum/topic_fragments.py); None when SITE_CACHE_DATA=0 keeps nothing.
    Read it before the rows the parts show: a change committed meanwhile is stored under the old
    version, never read again."""
    if not settings.SITE_CACHE_DATA:
        return None
    gens = generations((GLOBAL, *tags))
    return ".".join(str(gens[tag]) for tag in sorted(gens))


def lifetime(seconds: int) -> int:
    """How long to keep a part shown on pages stored for `seconds`: never past the site's own
    SITE_CACHE_SECONDS."""
    return min(seconds, settings.SITE_CACHE_SECONDS)


def rendered(fragment: Fragment, request: HttpRequest | None, render: Callable[[], str]) -> str:
    """`render()`'s HTML, or the one stored for `fragment` in this language on this host."""
    if request is None or getattr(request, "is_preview", False) or not settings.SITE_CACHE_DATA:
        return str(render())  # (a preview shows a draft: never stored, never the live one)
    key = f"pc:fragment:{fragment.name}:{translation.get_language()}:{request.get_host()}"
    # Generations read before rendering: a change committed meanwhile leaves the entry stale.
    gens = generations((GLOBAL, *fragment.tags))
    entry = store().get(key)
    if entry is not None and entry[0] == gens:
        html = entry[1]
    else:
        html, private = _render(request, render)
        if private:  # a form's CSRF token: the viewer's own, never stored
            return html
        nonce = getattr(request, "_csp_nonce", None)  # set once something on the page read it
        html = html.replace(nonce, NONCE_PLACEHOLDER) if nonce else html
        store().set(key, (gens, html), timeout=lifetime(fragment.seconds))
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    return html


def _render(request: HttpRequest, render: Callable[[], str]) -> tuple[str, bool]:
    """The HTML and whether it used the CSRF token (Django's flag, looked at for this render
    alone: a header's form may have set it before)."""
    before = request.META.pop(CSRF_FLAG, None)
    try:
        html = str(render())
    finally:
        used = request.META.pop(CSRF_FLAG, None)
        if before or used:
            request.META[CSRF_FLAG] = before or used
    return html, bool(used)
