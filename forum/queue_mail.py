"""The moderators' email about the approval queue: batched, never one email per waiting post.

A post entering the queue leaves a `QueuedPostNotice` (forum/receivers.py). The one background
worker (`manage.py worker`, a periodic job) calls `send_digests`: when notices wait and the last
round is at least FORUM_MODERATION_EMAIL_MINUTES old, each moderator gets one email listing the
new waiting posts of the forums they moderate (not their own), with absolute links from
SITE_URL. So a moderator receives at most one such email per interval, however many posts wait.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from machina.core.db.models import get_model

from forum import moderation, notifications
from tavolone.home.services import absolute_url

Post = get_model("forum_conversation", "Post")
QueuedPostNotice = get_model("forum", "QueuedPostNotice")

EXCERPT_CHARS = 300
KEEP_SENT = timedelta(days=1)  # sent notices kept this long (the last round's time is read)

logger = logging.getLogger(__name__)


def record(post) -> None:
    """`post` entered the approval queue: the next digest round lists it."""
    if not notifications.is_suppressed():
        QueuedPostNotice.objects.get_or_create(post_id=post.pk)


def _due(now) -> bool:
    last = QueuedPostNotice.objects.aggregate(last=Max("sent_at"))["last"]
    interval = timedelta(minutes=settings.FORUM_MODERATION_EMAIL_MINUTES)
    return last is None or now - last >= interval


def _item(post) -> dict:
    topic = post.topic
    return {
        "author": post.poster.get_username() if post.poster else (post.username or "?"),
        "forum": " ".join(topic.forum.name.split()),
        "subject": topic.subject,
        "is_new_topic": post.is_topic_head,
        "excerpt": post.content.raw[:EXCERPT_CHARS],
        "review_link": absolute_url(reverse("forum_moderation:queued_post", args=[post.pk])),
        "topic_link": notifications.topic_link(topic),
    }


def _email(moderator, posts: list) -> EmailMultiAlternatives:
    context = {
        "moderator": moderator,
        "items": [_item(post) for post in posts],
        "queue_link": absolute_url(reverse("forum_moderation:queue")),
    }
    # No user-written text in the subject (a header): a count only.
    subject = ngettext(
        "Tavolone: %(count)d message is waiting for approval",
        "Tavolone: %(count)d messages are waiting for approval",
        len(posts),
    ) % {"count": len(posts)}
    # Both bodies are rendered with autoescaping on: the authors' words are shown, never run.
    text = render_to_string("forum/emails/queue_digest.txt", context)
    html = render_to_string("forum/emails/queue_digest.html", context)
    message = EmailMultiAlternatives(subject, text, to=[moderator.email])
    message.attach_alternative(html, "text/html")
    return message


def send_digests(now=None) -> int:
    """One email per moderator listing the posts queued since the last round, if that round is
    at least the interval old; returns how many emails were sent."""
    now = now or timezone.now()
    pending = list(QueuedPostNotice.objects.filter(sent_at__isnull=True).order_by("pk"))
    if not pending or not _due(now):
        return 0
    posts = Post.objects.filter(pk__in=[n.post_id for n in pending], approved=False)
    by_moderator: dict = defaultdict(list)
    moderators: dict = {}
    for post in posts.select_related("topic__forum", "poster").order_by("created", "pk"):
        for moderator in moderation.forum_moderators(post.topic.forum):
            if moderator.pk != post.poster_id:
                moderators[moderator.pk] = moderator
                by_moderator[moderator.pk].append(post)
    with translation.override(settings.LANGUAGE_CODE):
        messages = [_email(moderators[pk], queued) for pk, queued in by_moderator.items()]
    # Marked sent first: a digest goes out at most once, never again to everyone because one
    # address failed. Also the notices of posts approved or refused meanwhile.
    QueuedPostNotice.objects.filter(pk__in=[n.pk for n in pending]).update(sent_at=now)
    sent = 0
    if messages:
        with get_connection() as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message]) or 0
                except Exception:  # one refused address must not keep the others waiting
                    logger.exception("Could not send the moderation queue email to %s", message.to)
    QueuedPostNotice.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    return sent
