"""Stored pages: kept in the shared "pages" cache, read through a copy in each process.

A stored page is served only while the generations of its tags are the ones it was rendered
at (tags.py), read from the shared cache on every lookup: a purge by any process is seen at
once. The page itself (tens of KB) is copied into the process the first time it is read and
reused while its generations hold and its lifetime has not passed: a hit then costs one read
of small counters (one round trip with Redis) instead of two, and no unpickling of the page.
The copy also remembers the ANY generation (moved by every bump, after its tags) read before
its tags were last found current: while ANY has not moved, none of them has, and a hit reads
that one counter instead of each tag's (one file instead of five to ten with the file cache).
The middleware (middleware.py) and the WSGI fast path (wsgi.py) both look pages up here.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from tavolone.pagecache.tags import ANY, generations, store

LOCAL_BYTES = 16 * 1024 * 1024  # per process; the least recently served pages go first

_local: OrderedDict[str, dict] = OrderedDict()
_local_bytes = 0
_lock = threading.Lock()


def lookup(key: str) -> dict | None:
    """The page stored under `key` if none of its tags has moved since it was rendered."""
    copy = _local.get(key)
    if copy is not None:
        if copy["expires"] > time.time() and _current(copy):
            with _lock:
                if key in _local:
                    _local.move_to_end(key)
            return copy
        _forget(key)
    entry = store().get(key)
    if entry is None:
        return None
    entry["checked_at"] = None
    if not _current(entry):
        return None
    _keep(key, entry)
    return entry


def _current(entry: dict) -> bool:
    """True if none of the entry's tags moved since it was rendered."""
    anything = generations([ANY])[ANY]  # read before the tags: see bump_now's order
    if entry["checked_at"] == anything:
        return True
    if generations(entry["gens"]) != entry["gens"]:
        return False
    entry["checked_at"] = anything
    return True


def save(key: str, entry: dict, lifetime: int) -> None:
    """Store `entry` in the shared cache for at most `lifetime` seconds."""
    entry["expires"] = time.time() + lifetime
    store().set(key, entry, timeout=lifetime)


def _keep(key: str, entry: dict) -> None:
    global _local_bytes
    size = len(entry["body"])
    if size > LOCAL_BYTES // 8:
        return
    with _lock:
        old = _local.pop(key, None)
        _local_bytes -= len(old["body"]) if old else 0
        _local[key] = entry
        _local_bytes += size
        while _local_bytes > LOCAL_BYTES:
            _, dropped = _local.popitem(last=False)
            _local_bytes -= len(dropped["body"])


def _forget(key: str) -> None:
    global _local_bytes
    with _lock:
        old = _local.pop(key, None)
        _local_bytes -= len(old["body"]) if old else 0
