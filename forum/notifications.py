"""Reply notifications: one email per approved reply per subscriber, sent in the background."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task
from machina.core.db.models import get_model
from machina.core.loading import get_class

from forum.links import topic_url
from tavolone.home.services import absolute_url

NotifiedPost = get_model("forum", "NotifiedPost")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

UNSUBSCRIBE_SALT = "forum.unsubscribe"
_state = threading.local()


@contextmanager
def suppressed():
    """Load content (demo, imports) without emailing anyone about it."""
    _state.suppressed = True
    try:
        yield
    finally:
        _state.suppressed = False


def is_suppressed() -> bool:
    return getattr(_state, "suppressed", False)


def claim(post) -> bool:
    """True the first time an approved reply is seen: its notifications are sent only once."""
    if getattr(_state, "suppressed", False):
        NotifiedPost.objects.get_or_create(post_id=post.pk)
        return False
    if NotifiedPost.objects.filter(post_id=post.pk).exists():
        return False
    _notified, created = NotifiedPost.objects.get_or_create(post_id=post.pk)
    return created


def unsubscribe_token(user_id: int, topic_id: int) -> str:
    return signing.dumps({"u": user_id, "t": topic_id}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def topic_link(topic, post=None) -> str:
    """The absolute link (under SITE_URL) that emails give to a topic, or to one of its posts."""
    path = topic_url(topic)
    if post is not None:
        path += f"?post={post.pk}#{post.pk}"
    return absolute_url(path)


def unsubscribe_link(user_id: int, topic_id: int) -> str:
    return absolute_url(reverse("forum_unsubscribe", args=[unsubscribe_token(user_id, topic_id)]))


@task()
def send_reply_notifications(post_id: int) -> int:
    """Email the topic's subscribers (not the reply's author) who may still read the forum."""
    post = Post.objects.select_related("topic", "topic__forum", "poster").filter(pk=post_id).first()
    if post is None or not post.approved:
        return 0
    topic = post.topic
    handler = PermissionHandler()
    recipients = [
        user
        for user in topic.subscribers.exclude(pk=post.poster_id).exclude(email="")
        if user.is_active and handler.can_read_forum(topic.forum, user)
    ]
    author = post.poster.get_username() if post.poster else (post.username or "?")
    subject = f"Tavolone · {topic.subject}".replace("\r", " ").replace("\n", " ")[:200]
    link = topic_link(topic, post)
    messages = []
    for user in recipients:
        unsubscribe = unsubscribe_link(user.pk, topic.pk)
        body = render_to_string(
            "forum/emails/reply_notification.txt",
            {
                "user": user,
                "author": author,
                "topic": topic,
                "content": post.content.raw,
                "link": link,
                "unsubscribe": unsubscribe,
            },
        )
        messages.append(
            EmailMessage(
                subject,
                body,
                to=[user.email],
                headers={"List-Unsubscribe": f"<{unsubscribe}>"},
            )
        )
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def unsubscribe(token: str) -> Topic | None:
    """Remove the subscription a token names; the topic, or None for a bad token."""
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        return None
    user_id, topic_id = parsed
    topic = Topic.objects.select_related("forum").filter(pk=topic_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if topic is None or user is None:
        return None
    topic.subscribers.remove(user)
    return topic
