"""RSS 2.0 and Atom feeds and the sitemap, read with real parsers: visible news only, escaped."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.community.factories import NewsPageFactory, SpacePageFactory


@pytest.fixture
def mixed_news(cms_tree):
    news = cms_tree.news
    NewsPageFactory(
        parent=news,
        title="Pubblica <script>alert(1)</script> & co",
        slug="pubblica",
        tags=["eventi"],
    )
    NewsPageFactory(parent=news, title="Bozza", slug="bozza", live=False)
    private = NewsPageFactory(parent=news, title="Riservata", slug="riservata")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    past = timezone.now() - datetime.timedelta(hours=1)
    NewsPageFactory(parent=news, title="Scaduta", slug="scaduta", expire_at=past)
    SpacePageFactory(parent=cms_tree.spaces, title="Spazio bozza", slug="spazio-bozza", live=False)
    return cms_tree


@pytest.mark.parametrize(
    "url, version", [("/news/feed/rss/", "rss20"), ("/news/feed/atom/", "atom10")]
)
def test_the_feeds_parse_and_list_only_visible_news(client, mixed_news, url, version):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.title for e in feed.entries] == ["Pubblica <script>alert(1)</script> & co"]
    assert feed.entries[0].link == "http://127.0.0.1:8000/news/pubblica/"
    assert [t.term for t in feed.entries[0].tags] == ["eventi"]


def test_the_feed_escapes_what_editors_typed(client, mixed_news):
    body = client.get("/news/feed/rss/").content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_pages_link_their_feeds_in_the_head(client, mixed_news):
    html = client.get("/news/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/news/feed/rss/"' in html


def test_the_sitemap_lists_only_visible_pages(client, mixed_news):
    xml = client.get("/sitemap.xml").content
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    # our own sitemap, not untrusted input
    urls = {loc.text for loc in ET.fromstring(xml).findall("s:url/s:loc", ns)}  # noqa: S314
    assert "http://127.0.0.1:8000/news/pubblica/" in urls
    assert not any(word in u for u in urls for word in ("bozza", "riservata", "scaduta"))
