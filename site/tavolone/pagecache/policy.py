"""What each public page type depends on (its tags) and how long shared caches may keep it.

Wagtail pages declare theirs from the `before_serve_page` hook (wagtail_hooks.py); the other
views by URL name (VIEWS). A view with no policy is never stored by the site cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import ResolverMatch

# What a request declares (apps that must not import the page types below use that module).
from tavolone.pagecache.declared import Policy, declare, declared, depends_on, poster

__all__ = ["Policy", "declare", "declared", "depends_on", "poster"]


# Shown by most pages: a space's card, an article's teaser, a thread's line in a list.
SPACES, NEWS, PAGES, FORUM = "spaces", "news", "pages", "forum"
PEOPLE = "people"  # the directory and public profiles (a profile's own change purges all)
DIRECTORY = "people:directory"  # the directory alone (a profile's free tags: its page and this)


def page_family(page) -> str:
    """The listing tag a Wagtail page belongs to: what lists of its kind depend on."""
    from community.models import NewsPage, SpacePage

    if isinstance(page, SpacePage):
        return SPACES
    if isinstance(page, NewsPage):
        return NEWS
    return PAGES


def for_page(page) -> Policy:
    """A Wagtail page's policy, by type: the page itself plus what its template shows."""
    from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage
    from tavolone.home.models import HomePage

    own = f"page:{page.pk}"
    if isinstance(page, HomePage):  # featured spaces, latest news, latest threads
        return Policy(60, (own, SPACES, NEWS, FORUM))
    if isinstance(page, SpaceIndexPage):
        return Policy(300, (own, SPACES))
    if isinstance(page, NewsIndexPage):
        return Policy(300, (own, NEWS))
    # A space's forum threads and an article's discussion: their changes bump the page's own
    # tag too (events.py), so that declaring this costs no query.
    if isinstance(page, SpacePage):  # nearby spaces, its forum's threads; "open now": 60 s
        return Policy(60, (own, SPACES))
    if isinstance(page, NewsPage):  # related spaces, its discussion
        return Policy(300, (own, SPACES))
    return Policy(300, (own, PAGES))


def _forum(match: ResolverMatch) -> Policy:
    return Policy(60, (f"forum:{match.kwargs['pk']}",))


def _person(match: ResolverMatch) -> Policy:
    # Anonymous readers get only public profiles (others answer 404, never stored); its home
    # space's name is shown, and skills by their vocabulary's names.
    return Policy(300, (f"person:{match.kwargs['pk']}", PEOPLE, SPACES))


def _topic(match: ResolverMatch) -> Policy:
    pk = match.kwargs["pk"]
    return Policy(60, (f"topic:{pk}",), topic_view=pk)


VIEWS: dict[str, Callable[[ResolverMatch], Policy]] = {
    "forum:index": lambda match: Policy(60, (FORUM,)),
    "forum:forum": _forum,
    "forum_conversation:topic": _topic,
    "forum_feeds:latest_topics": lambda match: Policy(300, (FORUM,)),
    "forum_feeds:forum_latest_topics": lambda match: Policy(300, (FORUM,)),
    "forum_feeds:forum_latest_topics_with_descendants": lambda match: Policy(300, (FORUM,)),
    "people": lambda match: Policy(300, (PEOPLE, DIRECTORY, SPACES)),
    "people_en": lambda match: Policy(300, (PEOPLE, DIRECTORY, SPACES)),
    "person": _person,
    "person_en": _person,
    "news_feed_rss": lambda match: Policy(300, (NEWS,)),
    "news_feed_atom": lambda match: Policy(300, (NEWS,)),
    "sitemap": lambda match: Policy(3600, (PAGES, SPACES, NEWS)),
    # Answers follow the search index, which is updated after the change: headers only.
    "search": lambda match: Policy(60, site_cache=False),
    "search_en": lambda match: Policy(60, site_cache=False),
    "api_search": lambda match: Policy(60, site_cache=False),
    "api_autocomplete": lambda match: Policy(300, site_cache=False),
    "api_suggest": lambda match: Policy(300, site_cache=False),
}


def for_view(match: ResolverMatch | None) -> Policy | None:
    make = VIEWS.get(match.view_name) if match is not None else None
    return make(match) if make else None
