"""What other apps may ask of `forum`: a few named functions, no internals."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from machina.core.db.models import get_model
from machina.core.loading import get_class

Topic = get_model("forum_conversation", "Topic")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


def readable_forums(user: User | AnonymousUser) -> list:
    """Forums the user may read, by machina's per-forum permissions."""
    Forum = get_model("forum", "Forum")
    return list(PermissionHandler().get_readable_forums(Forum.objects.all(), user))


def latest_threads(user: User | AnonymousUser, limit: int = 5) -> list:
    """The most recently active approved topics in forums the user may read."""
    forums = readable_forums(user)
    return list(
        Topic.approved_objects.filter(forum__in=forums)
        .select_related("forum", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )


def space_forum_threads(page, user: User | AnonymousUser, limit: int = 5) -> dict | None:
    """A space page's forum block: {"forum_url", "new_topic_url", "threads"}; None if no forum.

    Filled by the forum issue (a forum per space).
    """
    return None


def news_discussion(page, user: User | AnonymousUser, limit: int = 5) -> dict | None:
    """A news article's discussion: {"topic_url", "reply_url", "reply_count", "replies"}.

    None while the article has no topic. Filled by the forum issue (news comments as replies).
    """
    return None
