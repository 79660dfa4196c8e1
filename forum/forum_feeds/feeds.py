"""machina's latest-topics feeds (whole board, one forum, a forum and its children).

Only the discussions whose article the reader may see, and absolute links under SITE_URL:
Django's syndication view prefixes relative links with Django's Site domain and the request's
scheme; absolute links are kept as they are, so the feed never depends on the request's host.
"""

from __future__ import annotations

from django.urls import reverse
from machina.apps.forum_feeds.feeds import LastTopicsFeed as BaseLastTopicsFeed

from forum import derived
from tavolone.home.services import absolute_url


class LastTopicsFeed(BaseLastTopicsFeed):
    """Readable forums only (machina), and only the discussions whose article the reader may
    see and someone has commented; 20 items, as a feed reader polls it (machina listed every
    topic of the board)."""

    def get_object(self, request, *args, **kwargs) -> str:
        super().get_object(request, *args, **kwargs)  # machina keeps the readable forums
        return request.path  # the feed's own address, for feed_url

    def items(self):
        topics = derived.visible_topics(super().items(), self.user)
        topics = derived.without_empty_discussions(topics)
        # What the description shows of each (machina's template): one query for 20 topics.
        return topics.select_related("forum", "poster", "first_post", "last_post")[:20]

    def link(self) -> str:
        return absolute_url(reverse("forum:index"))

    def feed_url(self, path: str) -> str:
        return absolute_url(path)

    def item_link(self, item) -> str:
        return absolute_url(str(super().item_link(item)))
