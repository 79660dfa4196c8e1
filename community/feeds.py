"""RSS 2.0 and Atom feeds of the network's news: visible articles only, escaped by the generator."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from community.models import NewsIndexPage, NewsPage, visible
from tavolone.home.services import absolute_url, page_absolute_url

FEED_SIZE = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    title = "Tavolone · News"
    description = _("News from the coworking network of Milan.")

    feed_url_name = "news_feed_rss"

    # Every link is absolute under SITE_URL, so Django's Site and the request's host (which
    # the syndication view would otherwise prefix) play no part.
    def link(self) -> str:
        index = visible(NewsIndexPage.objects.all()).first()
        return page_absolute_url(index) if index else absolute_url("/")

    def feed_url(self) -> str:
        return absolute_url(reverse(self.feed_url_name))

    def items(self):
        news = visible(NewsPage.objects.all()).select_related("author").prefetch_related("tags")
        return news.order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.summary

    def item_link(self, item: NewsPage) -> str:
        return page_absolute_url(item)

    def item_guid(self, item: NewsPage) -> str:
        return page_absolute_url(item)

    def item_author_name(self, item: NewsPage) -> str:
        return item.byline

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        # The article's date at noon in Milan, so the day is the same in every zone nearby.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_updateddate(self, item: NewsPage) -> datetime.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item: NewsPage) -> list[str]:
        return [t.name for t in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    feed_url_name = "news_feed_atom"
    subtitle = NewsRssFeed.description
