"""`reverse()` for the links a page repeats: a poster's profile beside each of their posts, the
topic's own link in each post, each forum's and topic's link in a list. Django's `reverse`
costs ~0.1 ms a call (tens per forum page); its answer depends only on its arguments and on
what it reads from the request's state (the URLconf's resolver, the script prefix, the
language), all in the key, so it is remembered per process (bounded) and never stale: a
changed slug is another key, and so is a new resolver (Django's `clear_url_caches`)."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def cached_reverse(viewname: str, *args: str | int) -> str:
    """`reverse(viewname, args=args)`, remembered."""
    urlconf = get_urlconf()
    key = (get_resolver(urlconf), get_script_prefix(), get_language())
    return _reverse(viewname, args, urlconf, key)


@lru_cache(maxsize=8192)
def _reverse(viewname: str, args: tuple, urlconf, key: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)
