"""Posts waiting for approval: who may see them, who moderates them (their email: queue_mail.py).

A post waits when its author may not post without approval (new members, forum/trust.py).
Until a moderator approves it, only its author and the forum's moderators (machina's
`can_approve_posts`: the Moderators group, the space's hosts, superusers) may see it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django_tasks import task
from machina.core.db.models import get_model
from machina.core.loading import get_class

from tavolone.pagecache.fragments import audience_key
from tavolone.pagecache.memo import remembered

Post = get_model("forum_conversation", "Post")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

APPROVE = "can_approve_posts"


def moderates(forum, user, handler=None) -> bool:
    """Whether `user` may approve the posts of `forum`."""
    if not user.is_authenticated:
        return False
    return (handler or PermissionHandler()).can_approve_posts(forum, user)


def visible_posts(posts: QuerySet, user, handler=None) -> QuerySet:
    """`posts` without the waiting ones `user` may not see (another author's, in a forum they
    do not moderate). The caller still restricts them to forums the user may read."""
    if not user.is_authenticated:
        return posts.filter(approved=True)
    if user.is_superuser:
        return posts
    moderated = (handler or PermissionHandler()).moderated_forum_ids(user)
    return posts.filter(Q(approved=True) | Q(poster=user) | Q(topic__forum__in=moderated))


def may_moderate_somewhere(user) -> bool:
    """Whether `user` holds the approval permission on some forum (one query): the cheap test
    before the queue is counted, which most members never need, when the permission answers
    are not remembered (SITE_CACHE_DATA=0)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    granted = {"permission__codename": APPROVE, "has_perm": True}
    own = UserForumPermission.objects.filter(Q(user=user) | Q(authenticated_user=True), **granted)
    by_group = GroupForumPermission.objects.filter(group__user=user, **granted)
    return own.exists() or by_group.exists()


def queue_size(user, handler=None) -> int | None:
    """Posts waiting for approval in the forums `user` moderates (machina's moderation queue),
    or None if `user` moderates none."""
    if not settings.SITE_CACHE_DATA and not may_moderate_somewhere(user):
        return None
    forums = (handler or PermissionHandler()).moderated_forum_ids(user)
    if not forums:
        return None

    def count() -> int:
        return Post.objects.filter(topic__forum__in=forums, approved=False).count()

    # In every page's header of a moderator: remembered per set of forums until a post or a
    # topic changes (each bumps the "forum" tag, pagecache/events.py).
    return remembered(f"queue-size:{audience_key(forums)}", ("forum",), count)


def forum_moderators(forum) -> list:
    """Active users with an email address who may approve `forum`'s posts."""
    granted = {"permission__codename": APPROVE, "has_perm": True}
    candidates = Q(is_superuser=True)
    candidates |= Q(
        pk__in=UserForumPermission.objects.filter(**granted, user__isnull=False).values("user")
    )
    candidates |= Q(
        groups__in=GroupForumPermission.objects.filter(**granted).values("group"),
    )
    if UserForumPermission.objects.filter(**granted, authenticated_user=True).exists():
        candidates = Q()  # every signed-in member was granted it: each one is checked below
    users = get_user_model().objects.filter(candidates, is_active=True).exclude(email="")
    handler = PermissionHandler()
    return [user for user in users.distinct().order_by("pk") if moderates(forum, user, handler)]


@task()
def notify_moderators(post_id: int) -> int:
    """Tasks queued before the digest (forum/queue_mail.py): the post joins the next digest."""
    from forum import queue_mail

    post = Post.objects.filter(pk=post_id, approved=False).first()
    if post is not None:
        queue_mail.record(post)
    return 0
