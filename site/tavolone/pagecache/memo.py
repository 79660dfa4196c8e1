"""Small shared facts that every uncached view reads and that rarely change, kept in the
"pages" cache under the same tags as the stored pages (tags.py): one cache read instead of
their queries, renewed after the change that bumps one of their tags commits.

For what is the same for every visitor (view restrictions) or for anonymous visitors only
(which forums they read), and for one member's answers (`member_name`, under `user_tag`: their
forum permissions, their groups' roles, their pending confirmation). A fact stored with the
generations read *before* it was computed: a change committed meanwhile leaves it stale, and
the next reader computes it again.
`SITE_CACHE_DATA=0` turns it off (tests do, but those that count queries: a test's changes
never commit, so their bumps never run).

Within one request a fact is computed or read once, whatever the setting: the home page asks
for the view restrictions from four blocks. Outside requests (commands, tasks) nothing is
kept in the process.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port

from tavolone.pagecache.tags import GLOBAL, generations, store

T = TypeVar("T")


# This request's facts by name; None outside a request (and under ASGI, whose signals run in
# another context: nothing is then kept).
_this_request: ContextVar[dict | None] = ContextVar("tavolone_memo_request", default=None)


def request_started(**kwargs) -> None:
    _this_request.set({})


def request_finished(**kwargs) -> None:
    _this_request.set(None)


def remembered(name: str, tags: tuple[str, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its value stored while none of `tags` (nor GLOBAL) was bumped."""
    seen = _this_request.get()
    if seen is not None and name in seen:
        return seen[name]
    value = _shared(name, tags, compute)
    if seen is not None:
        seen[name] = value
    return value


def _shared(name: str, tags: tuple[str, ...], compute: Callable[[], T]) -> T:
    if not getattr(settings, "SITE_CACHE_DATA", True):
        return compute()
    key = f"pc:memo:{name}"
    gens = generations((GLOBAL, *tags))
    entry = store().get(key)
    if entry is not None and entry[0] == gens:
        return entry[1]
    value = compute()
    store().set(key, (gens, value), timeout=settings.SITE_CACHE_SECONDS)
    return value


def user_tag(user) -> str:
    """The tag of what is remembered about one member: bumped when their groups or their
    pending email confirmation change (events.py); permission rows bump every tag."""
    return f"user:{user.pk}"


def member_name(name: str, user) -> str:
    """`name` for one member. Their staff, superuser and active flags are read with the user on
    every request: part of the name, so that changing one needs no event."""
    flags = f"{user.is_staff:d}{user.is_superuser:d}{user.is_active:d}"
    return f"{name}:{user.pk}:{flags}"


def wagtail_site(request: HttpRequest):
    """Wagtail's Site for `request` with its root page (the home page) already specific: two
    queries on every page otherwise. A Site's change bumps every tag, a home page's "pages"."""
    from wagtail.models import Site

    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    return remembered(f"site:{hostname}:{port}", ("pages",), find)
