"""Where the forum's pages are: a forum, its new topic form, a topic and its reply form (machina's
URL names)."""

from __future__ import annotations

from django.urls import reverse


def _topic_kwargs(topic, slug: str = "slug", pk: str = "pk") -> dict:
    """machina's URL arguments for `topic`, its own two named `slug` and `pk`."""
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    return {**kwargs, slug: topic.slug, pk: topic.pk}


def topic_url(topic) -> str:
    return reverse("forum_conversation:topic", kwargs=_topic_kwargs(topic))


def reply_url(topic) -> str:
    """The form that adds a reply to `topic`."""
    kwargs = _topic_kwargs(topic, "topic_slug", "topic_pk")
    return reverse("forum_conversation:post_create", kwargs=kwargs)


def forum_url(forum) -> str:
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def new_topic_url(forum) -> str:
    """The form that starts a topic in `forum`."""
    kwargs = {"forum_slug": forum.slug, "forum_pk": forum.pk}
    return reverse("forum_conversation:topic_create", kwargs=kwargs)
