"""Generation counters per dependency tag, kept in the shared "pages" cache.

A tag names what a page shows ("page:12", "topic:7", "forum:3", "news", "forum", …). A page
stored in the site cache remembers the generation of each of its tags; bumping a tag makes
every page that depends on it stale at once, without knowing their URLs. Every bump also
moves ANY, so that a page rendered while something changed is not stored (middleware.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import BaseCache, caches
from django.db import transaction

from tavolone.pagecache import purge

ALIAS = "pages"
ANY = "any"  # moved by every bump
GLOBAL = "global"  # every cached page depends on it: site-wide changes (permissions, moves)


def store() -> BaseCache:
    return caches[ALIAS]


def _key(tag: str) -> str:
    return f"pc:gen:{tag}"


def _start(tag: str) -> int:
    # A missing (evicted) counter starts from the clock, never from a value it had before.
    store().add(_key(tag), time.time_ns(), timeout=None)
    return store().get(_key(tag), 0)


def generations(tags: Iterable[str]) -> dict[str, int]:
    """The current generation of each tag."""
    tags = sorted(set(tags))
    found = store().get_many([_key(tag) for tag in tags])
    return {tag: found[_key(tag)] if _key(tag) in found else _start(tag) for tag in tags}


def bump_now(tags: Iterable[str]) -> None:
    """Make the pages that depend on `tags` stale now, here and in the HTTP cache in front."""
    tags = set(tags)
    # ANY last: a reader that finds ANY unmoved may trust every generation it checked before
    # (entries.py), so ANY must never move before the tags it stands for.
    for tag in [*sorted(tags - {ANY}), ANY]:
        try:
            store().incr(_key(tag))
        except ValueError:  # never read yet: nothing depends on its old value
            store().add(_key(tag), time.time_ns(), timeout=None)
    purge.ban_tags(tags)  # after the site's own: a refetch by Varnish gets the new page


def bump(*tags: str) -> None:
    """Make the pages that depend on `tags` stale once the current transaction commits.

    After the commit, not before: a reader that rendered the old rows in between would
    otherwise store them under the new generation.
    """
    transaction.on_commit(lambda: bump_now(tags), robust=True)
