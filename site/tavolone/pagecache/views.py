"""Topic view counts kept in the cache and written by the worker: no write on a reader's GET.

machina adds 1 to `Topic.views_count` in an UPDATE on every topic view (its `topic_viewed`
receiver). Here a view is counted in the process, and the process adds its counts to the
shared cache at most once a second (a timer thread; also when it exits): a stored topic is
then served without a cache write (with the file cache, a write costs more than the hit).
Counts in the cache go under the current generation; the worker's job (`run_pending`) opens a
new generation, then adds the previous generations' counts to the topics in one UPDATE per
topic. A topic's first count in a generation takes a numbered slot that names it, so that the
flush finds every counted topic without listing cache keys.
"""

from __future__ import annotations

import threading
from collections import Counter

from django.db.models import F

from tavolone.pagecache.tags import bump_now, store

GENERATION = "pc:views:gen"
FLUSHED = "pc:views:flushed"  # the last generation whose counts are in the database
DAY = 24 * 3600
BATCH_SECONDS = 1.0  # a process's counts reach the shared cache this long after the first

_pending: Counter[int] = Counter()
_lock = threading.Lock()
_timer: threading.Timer | None = None


def _counter(generation: int, topic_id: int) -> str:
    return f"pc:views:{generation}:topic:{topic_id}"


def _slots(generation: int) -> str:
    return f"pc:views:{generation}:slots"


def _increment(key: str, delta: int = 1) -> int:
    if store().add(key, delta, timeout=DAY):
        return delta
    try:
        return store().incr(key, delta)
    except ValueError:  # expired between the two calls
        store().add(key, delta, timeout=DAY)
        return delta


def count_view(topic_id: int) -> None:
    """Count a view of the topic; it reaches the shared cache within BATCH_SECONDS."""
    global _timer
    with _lock:
        _pending[topic_id] += 1
        if _timer is None:
            # Not a daemon: a process that exits waits for its last counts to be handed over.
            _timer = threading.Timer(BATCH_SECONDS, hand_over)
            _timer.start()


def hand_over() -> None:
    """Add this process's counts to the shared cache, where the worker finds them."""
    global _timer
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _timer = None
    if not counts:
        return
    generation = store().get_or_set(GENERATION, 1, timeout=None)
    for topic_id, views in counts.items():
        if _increment(_counter(generation, topic_id), views) == views:
            slot = _increment(_slots(generation))
            store().set(f"pc:views:{generation}:slot:{slot}", topic_id, timeout=DAY)


def discard_pending() -> None:
    """Drop this process's counts not handed over yet (tests: they belong to the last test)."""
    with _lock:
        _pending.clear()


def topic_viewed(sender, topic, user, request, response, **kwargs) -> None:
    """Replaces machina's `update_topic_counter` receiver of `topic_viewed`."""
    count_view(topic.pk)


def run_pending() -> int:
    """Write the counted views into `Topic.views_count`; the number of topics updated."""
    from machina.core.db.models import get_model

    Topic = get_model("forum_conversation", "Topic")
    hand_over()  # this process's own (one process in development and tests)
    current = store().get_or_set(GENERATION, 1, timeout=None)
    store().set(GENERATION, current + 1, timeout=None)  # new views count apart from now on
    flushed = store().get(FLUSHED, current - 1)
    updated, forums = 0, set()
    for generation in range(flushed + 1, current + 1):
        slots = store().get(_slots(generation)) or 0
        slot_keys = [f"pc:views:{generation}:slot:{n}" for n in range(1, slots + 1)]
        topic_ids = set(store().get_many(slot_keys).values())
        counts = store().get_many([_counter(generation, pk) for pk in topic_ids])
        for pk in topic_ids:
            views = counts.get(_counter(generation, pk), 0)
            if views:
                updated += Topic.objects.filter(pk=pk).update(views_count=F("views_count") + views)
        for pk in Topic.objects.filter(pk__in=topic_ids).values_list("forum_id", flat=True):
            forums.add(pk)
        store().delete_many([*slot_keys, *counts, _slots(generation)])
        store().set(FLUSHED, generation, timeout=None)
    if forums:  # the forums' thread lists show the counts
        bump_now(f"forum:{pk}" for pk in forums)
    return updated
