"""What other apps may ask of `forum`: a few named functions, no internals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from machina.core.db.models import get_model
from machina.core.loading import get_class
from wagtail.models import Page

from forum import cms, comments, derived, moderation, queue_mail
from forum.links import forum_url, new_topic_url, reply_url, topic_url
from tavolone.pagecache.fragments import audience_key

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


def ensure_space_forum(page: Page, *, name: str, description: str, hosts: Iterable[User]):
    """A space page was published (or a revision scheduled ahead): its forum follows the page.

    Live: the forum exists, is named and described as given, takes posts, and `hosts` moderate
    it. Not live yet: it stays closed. Returns the forum (None before the page first goes live).
    """
    return cms.sync_space_forum(page, name=name, description=description, hosts=hosts)


def ensure_news_topic(page: Page, *, intro: str):
    """A news article was published (or scheduled ahead): its discussion topic follows it.

    Live: the topic exists with the article's title and `intro`, and takes replies; not live
    yet: it stays locked. The forum's counters follow the article's visibility.
    """
    topic = cms.sync_news_topic(page, intro=intro)
    cms.refresh_counters([page.pk])
    return topic


def send_moderation_digests() -> int:
    """The worker's periodic job: moderators' batched email about the approval queue."""
    return queue_mail.send_digests()


def readable_forums(user: User | AnonymousUser) -> list:
    """Forums the user may read, by machina's per-forum permissions."""
    Forum = get_model("forum", "Forum")
    return list(PermissionHandler().get_readable_forums(Forum.objects.all(), user))


def readable_forum_ids(user: User | AnonymousUser) -> list[int]:
    """Ids of the forums the user may read (same rule as readable_forums, one query less)."""
    return PermissionHandler().readable_forum_ids(user)


def latest_threads(user: User | AnonymousUser, limit: int = 5, handler=None) -> list:
    """The most recently active approved topics in forums the user may read (news discussions
    only while the user may see their article, and once someone has commented)."""
    handler = handler or PermissionHandler()  # one reading of the forums' and pages' rules
    topics = Topic.approved_objects.filter(forum_id__in=handler.readable_forum_ids(user))
    topics = derived.without_empty_discussions(topics)
    return list(
        derived.visible_topics(topics, user, handler.viewer(user))
        .select_related("forum", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )


def latest_threads_listing(
    user: User | AnonymousUser, limit: int = 5
) -> tuple[str, Callable[[], list]]:
    """(audience, read): a name for what `user` may see of the threads, and a function that
    reads their `latest_threads`. Every visitor has the same audience; members who read the
    same forums and the same pages share one: a list kept rendered per audience (the home
    page's) never shows one member's threads to another who may not read them."""
    handler = PermissionHandler()
    if user.is_anonymous:
        audience = "visitors"
    else:
        viewer = handler.viewer(user)
        seen = (handler.readable_forum_ids(user), viewer.oversees, viewer.access.denied_paths)
        audience = "members-" + audience_key(*seen)
    return audience, partial(latest_threads, user, limit, handler)


def hidden_topic_ids(user: User | AnonymousUser) -> list[int]:
    """Ids of the news discussions whose article `user` may not see (forum/derived.py)."""
    return list(derived.hidden_topic_ids(user).values_list("topic_id", flat=True))


def visible_topics(topics, user: User | AnonymousUser):
    """`topics` (a Topic queryset) without the news discussions whose article `user` may not
    see: for other apps' listings of threads (forum/derived.py holds the rule)."""
    return derived.visible_topics(topics, user)


def _form_url(create_url: str, user, *, allowed: bool, is_open: bool) -> str | None:
    """The posting form's URL if `user` may post; the sign-in page first for a visitor where
    members may post; else None."""
    if allowed:
        return create_url
    if user.is_anonymous and is_open:
        return reverse("login") + "?next=" + create_url
    return None


def space_forum_threads(page, user: User | AnonymousUser, limit: int = 5) -> dict | None:
    """A space page's forum block: {"forum", "forum_url", "new_topic_url", "threads",
    "is_closed"}; None if the space has no forum (yet) or the user may not read it.

    "threads": approved topics, latest activity first, each {"subject", "url", "replies",
    "last_post_on", "last_poster"}. "new_topic_url" is None when the user may not start one
    (closed forum; visitors get the sign-in URL instead).
    """
    forum = cms.space_forum(page)
    handler = PermissionHandler()
    if forum is None or not handler.can_read_forum(forum, user):
        return None
    topics = (
        Topic.approved_objects.filter(forum=forum)
        .select_related("forum", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )
    new_topic_form_url = _form_url(
        new_topic_url(forum),
        user,
        allowed=handler.can_add_topic(forum, user),
        is_open=not forum.is_closed,
    )
    return {
        "forum": forum,
        "forum_url": forum_url(forum),
        "new_topic_url": new_topic_form_url,
        "is_closed": forum.is_closed,
        "threads": [
            {
                "subject": topic.subject,
                "url": (url := topic_url(topic)),
                "get_absolute_url": url,  # so templates may treat it like a model object
                "replies": max(topic.posts_count - 1, 0),
                "last_post_on": topic.last_post_on,
                "last_poster": topic.last_post.poster if topic.last_post else None,
            }
            for topic in topics
        ],
    }


def _reply(post, base_url: str) -> dict:
    author = post.poster.get_username() if post.poster else (post.username or "")
    # machina stores the rendered HTML, sanitised by forum.markup when the post is saved.
    html = mark_safe(post.content.rendered or "")  # noqa: S308
    return {
        "pk": post.pk,
        "author": author,
        "poster": author,
        "username": author,
        "created": post.created,
        "html": html,
        "content": {"rendered": html},  # the shape of machina's post.content
        "url": f"{base_url}?post={post.pk}#{post.pk}",
        "waiting": not post.approved,
    }


def news_discussion(page, user: User | AnonymousUser, limit: int = 5, form=None) -> dict | None:
    """A news article's discussion: {"topic", "topic_url", "reply_url", "reply_count",
    "replies", "is_locked", "comment_form", "sign_in_url", "anchor"}.

    None while the article has no topic or the user may not read it. "replies": the latest
    replies the user may see (approved ones; their own waiting ones, marked), oldest first, each
    {"pk", "author", "created", "html" (sanitised, safe), "url", "waiting"} (also "poster",
    "username" and "content.rendered", post-like aliases); "reply_count" counts approved ones.
    "reply_url" leads to the reply form (the sign-in page first for visitors); None if locked.
    "comment_form": the article's comment box (`form` when it is shown again with its errors),
    None if the user may not comment; "sign_in_url" for visitors while it is open.
    """
    topic = cms.news_topic(page)
    handler = PermissionHandler()
    if topic is None or not handler.can_read_forum(topic.forum, user):
        return None
    if not handler.can_read_topic(topic, user):
        return None
    replies_qs = Post.objects.filter(topic=topic).exclude(pk=topic.first_post_id)
    shown = moderation.visible_posts(replies_qs, user, handler)
    latest = list(shown.select_related("poster").order_by("-created", "-pk")[:limit])
    base_url = topic_url(topic)
    reply_form_url = _form_url(
        reply_url(topic),
        user,
        allowed=handler.can_add_post(topic, user),
        is_open=not topic.is_locked,
    )
    anonymous_may_sign_in = user.is_anonymous and not topic.is_locked
    return {
        "topic": topic,
        "topic_url": base_url,
        "reply_url": reply_form_url,
        "reply_count": replies_qs.filter(approved=True).count(),
        "is_locked": topic.is_locked,
        "replies": [_reply(post, base_url) for post in reversed(latest)],
        "comment_form": form or comments.comment_form(topic, user, handler=handler),
        "sign_in_url": comments.sign_in_url(page) if anonymous_may_sign_in else None,
        "anchor": comments.ANCHOR,
    }


def post_comment(page, request: HttpRequest) -> HttpResponse | None:
    """A comment sent to the article `page` (forum/comments.py): the answer to give, or None
    when the article should be shown again with the form and its errors (request.comment_form)."""
    outcome = comments.post_comment(page, request)
    if isinstance(outcome, HttpResponse):
        return outcome
    request.comment_form = outcome
    return None
