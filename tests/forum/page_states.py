"""An article and a space in every visibility state, and every surface that could show them.

Used by test_page_visibility.py: each state is applied to a published article (with a reply,
so that its discussion is searchable) and a published space (with a thread), after the search
index was built; the surfaces are then read over HTTP as a visitor or a signed-in coworker.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.models import Page, PageViewRestriction

from search import services as search

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

TITLE, INTRO, REPLY = "Assemblea zanzibar", "Ordine del giorno quokkintro", "Ci sarò, flimbreply"
SPACE, TAGLINE = "Spazio Borgoratto", "Il tavolo grimbletag"
MEMBERS = "Soci fondatori"
WORDS = ("zanzibar", "quokkintro", "flimbreply", "Borgoratto", "grimbletag")
PAST = datetime.timedelta(minutes=5)


def _restrict(page, kind, **extra):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)
    if kind == "groups":
        restriction.groups.set([Group.objects.get_or_create(name=MEMBERS)[0]])


def _schedule(page):
    page.unpublish()
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()  # Wagtail sends page_published; the page stays not live


def _expire(page, run_scheduler=True):
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - PAST)
    if run_scheduler:
        call_command("publish_scheduled", verbosity=0)


def _move_under_restricted(page, tree):
    private = Page.objects.filter(slug="riservato").first()
    if private is None:
        private = tree["home"].add_child(instance=Page(title="Riservato", slug="riservato"))
        _restrict(private, "password", password="segreta")  # noqa: S106
    Page.objects.get(pk=page.get_parent().pk).move(private, pos="last-child")


# state → what it does to a page (and its section); each hides the page from visitors.
STATES = {
    "unpublished": lambda page, tree: page.unpublish(),
    "scheduled_go_live": lambda page, tree: _schedule(page),
    "expired_by_the_scheduler": lambda page, tree: _expire(page),
    "expired_scheduler_not_run_yet": lambda page, tree: _expire(page, run_scheduler=False),
    "password": lambda page, tree: _restrict(page, "password", password="segreta"),  # noqa: S106
    "login": lambda page, tree: _restrict(page, "login"),
    "group": lambda page, tree: _restrict(page, "groups"),
    "section_restricted": lambda page, tree: _restrict(page.get_parent(), "login"),
    "moved_into_restricted_section": _move_under_restricted,
    "deleted": lambda page, tree: page.delete(),
}
# What a signed-in coworker outside the group may see again (as the page itself shows them).
COWORKER_SEES = {"login", "section_restricted"}


def topic_url(topic) -> str:
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    return reverse(
        "forum_conversation:topic", kwargs={**kwargs, "slug": topic.slug, "pk": topic.pk}
    )


def forum_url(forum) -> str:
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def feed_url(forum) -> str:
    return reverse(
        "forum_feeds:forum_latest_topics", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )


def surfaces(topic, forum) -> dict[str, str]:
    """Every public URL that could show the article, its discussion, the space or its forum."""
    news_board = Forum.objects.get(board_key="commenti-alle-news")
    replier = Post.objects.filter(topic=topic).exclude(pk=topic.first_post_id).first().poster_id
    space_poster = Post.objects.filter(topic__forum=forum).first().poster_id
    return {
        "reply author's posts": reverse("forum_member:user_posts", kwargs={"pk": replier}),
        "reply author's profile": reverse("forum_member:profile", kwargs={"pk": replier}),
        "space poster's posts": reverse("forum_member:user_posts", kwargs={"pk": space_poster}),
        "home": "/",
        "forum index": reverse("forum:index"),
        "news comments forum": forum_url(news_board),
        "spaces board": forum_url(forum.parent),
        "topic": topic_url(topic),
        "space forum": forum_url(forum),
        "forum feed": reverse("forum_feeds:latest_topics"),
        "news comments feed": feed_url(news_board),
        "spaces feed": reverse(
            "forum_feeds:forum_latest_topics_with_descendants",
            kwargs={"forum_slug": forum.parent.slug, "forum_pk": forum.parent_id},
        ),
        "news rss": "/news/feed/rss/",
        "news atom": "/news/feed/atom/",
        "sitemap": "/sitemap.xml",
        "search": "/cerca/?q=flimbreply",
        "search space": "/cerca/?q=grimbletag",
        "api search": "/api/search?q=flimbreply",
        "api search space": "/api/search?q=grimbletag",
        "autocomplete": "/api/autocomplete?q=zanzi",
        "autocomplete space": "/api/autocomplete?q=borgor",
        "suggest": "/api/suggest?q=zanzibbar",
        "suggest reply": "/api/suggest?q=flimbrepky",  # a typo: "flimbrepli" is a stem of it
        "suggest space": "/api/suggest?q=grimbletog",
    }


def leaks(client, urls: dict[str, str]) -> list[str]:
    """The surfaces that show any word of the article, its discussion, the space or its forum."""
    found = []
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code < 500, (name, response.status_code)
        body = response.content.decode().lower()
        query = url.partition("?")[2].lower()
        words = [w.lower() for w in WORDS if w.lower() not in query]  # not the query's words
        if response.status_code == 200 and any(word in body for word in words):
            found.append(name)
    return found


def apply(state: str, pages: list, tree) -> None:
    """Put every page in `state`, then let search apply what the change recorded."""
    for page in pages:
        STATES[state](Page.objects.get(pk=page.pk).specific, tree)
    search.drain()
