"""Trust levels for new members: approval queue for the first posts, a posting rate limit;
and a preview rate limit for everyone (a preview renders but saves nothing to count)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from machina.core.db.models import get_model

# Defaults; settings may override them (FORUM_TRUST_* in settings.py).
TRUSTED_AFTER = 3  # approved posts before a member posts without approval
NEW_ACCOUNT_DAYS = 7  # accounts younger than this are rate-limited
RATE_LIMIT_POSTS = 5  # at most this many posts …
RATE_LIMIT_MINUTES = 10  # … per this many minutes
PREVIEW_RATE_LIMIT = 30  # at most this many previews per member …
PREVIEW_RATE_MINUTES = 10  # … per this many minutes


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, f"FORUM_TRUST_{name}", default))


def is_trusted(user) -> bool:
    """A member is trusted once enough of their posts were approved."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_forum_trusted", None)
    if cached is None:
        Post = get_model("forum_conversation", "Post")
        needed = _setting("TRUSTED_AFTER", TRUSTED_AFTER)
        cached = Post.objects.filter(poster=user, approved=True)[:needed].count() >= needed
        user._forum_trusted = cached
    return cached


def rate_limit() -> tuple[int, int]:
    """(posts, minutes): the posting window for new accounts."""
    return _setting("RATE_LIMIT_POSTS", RATE_LIMIT_POSTS), _setting(
        "RATE_LIMIT_MINUTES", RATE_LIMIT_MINUTES
    )


def is_rate_limited(user) -> bool:
    """New accounts may write only so many posts in a short window (anti-spam)."""
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return False
    now = timezone.now()
    if user.date_joined < now - dt.timedelta(days=_setting("NEW_ACCOUNT_DAYS", NEW_ACCOUNT_DAYS)):
        return False
    Post = get_model("forum_conversation", "Post")
    posts, minutes = rate_limit()
    since = now - dt.timedelta(minutes=minutes)
    return Post.objects.filter(poster=user, created__gte=since).count() >= posts


def preview_rate_limit() -> tuple[int, int]:
    """(previews, minutes): the preview window of every member."""
    return _setting("PREVIEW_RATE_LIMIT", PREVIEW_RATE_LIMIT), _setting(
        "PREVIEW_RATE_MINUTES", PREVIEW_RATE_MINUTES
    )


def count_preview(user) -> bool:
    """Count one preview; False when the user has used up the window's previews.

    The count lives in the cache: a preview leaves nothing in the database. Anonymous users (who
    may not post on this site unless a forum allows it) share one window."""
    if user is not None and (user.is_staff or user.is_superuser):
        return True
    previews, minutes = preview_rate_limit()
    who = user.pk if user is not None and user.is_authenticated else "anonymous"
    key = f"forum:previews:{who}"
    cache.add(key, 0, timeout=minutes * 60)  # the window starts at the first preview
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=minutes * 60)
        used = 1
    return used <= previews
