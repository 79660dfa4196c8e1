"""Posts waiting for approval: who may see them, and the email that tells moderators about them.

A post waits when its author may not post without approval (new members, forum/trust.py).
Until a moderator approves it, only its author and the forum's moderators (machina's
`can_approve_posts`: the Moderators group, the space's hosts, superusers) may see it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forum.notifications import topic_url

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
ForumPermission = get_model("forum_permission", "ForumPermission")
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
    moderated = (handler or PermissionHandler()).get_moderation_queue_forums(user)
    return posts.filter(
        Q(approved=True) | Q(poster=user) | Q(topic__forum__in=[forum.pk for forum in moderated])
    )


def may_moderate_somewhere(user) -> bool:
    """Whether `user` holds the approval permission on some forum (one query): the cheap test
    before the queue is counted, which most members never need."""
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
    if not may_moderate_somewhere(user):
        return None
    forums = (handler or PermissionHandler()).get_moderation_queue_forums(user)
    if not forums:
        return None
    return Post.objects.filter(topic__forum__in=forums, approved=False).count()


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


def _queue_email(post, moderator) -> EmailMultiAlternatives:
    topic = post.topic
    context = {
        "moderator": moderator,
        "author": post.poster.get_username() if post.poster else (post.username or "?"),
        "forum": topic.forum,
        "topic": topic,
        "post": post,
        "is_new_topic": post.is_topic_head,
        "excerpt": post.content.raw[:500],
        # Absolute links the way reply notifications build them (settings.SITE_URL).
        "review_link": settings.SITE_URL + reverse("forum_moderation:queued_post", args=[post.pk]),
        "queue_link": settings.SITE_URL + reverse("forum_moderation:queue"),
        "topic_link": settings.SITE_URL + topic_url(topic),
    }
    # No user-written text in the subject (a header): only the forum's name, on one line.
    subject = _("Tavolone: a message is waiting for approval in %(forum)s") % {
        "forum": " ".join(topic.forum.name.split())
    }
    # Both bodies are rendered with autoescaping on: the author's words are shown, never run.
    text = render_to_string("forum/emails/queued_post.txt", context)
    html = render_to_string("forum/emails/queued_post.html", context)
    message = EmailMultiAlternatives(subject, text, to=[moderator.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def notify_moderators(post_id: int) -> int:
    """Email each moderator of the post's forum about one new post in the approval queue."""
    post = Post.objects.select_related("topic__forum", "poster").filter(pk=post_id).first()
    if post is None or post.approved:
        return 0  # approved or refused before the task ran
    moderators = [m for m in forum_moderators(post.topic.forum) if m.pk != post.poster_id]
    with translation.override(settings.LANGUAGE_CODE):
        messages = [_queue_email(post, moderator) for moderator in moderators]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
