"""The HTTP cache in front (Varnish) is told exactly what changed: a BAN of the changed tags
after the commit, a PURGE of a published page's URL (Wagtail's frontend cache); pages name
their tags in Cache-Tags, private answers none. A cache that is down never fails a change."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.db import transaction

from community.models import NewsPage
from tests.forum.factories import PostFactory
from tests.pagecache.test_invalidation import topic_of


class Recorder(BaseHTTPRequestHandler):
    def _record(self) -> None:
        self.server.seen.append((self.command, self.path, dict(self.headers)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_BAN = do_PURGE = _record

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def varnish(settings):
    """A stand-in for Varnish on loopback: the PURGE and BAN requests it got, in order."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "tavolone.pagecache.purge.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server.seen
    server.shutdown()
    server.server_close()


def banned(seen) -> set[str]:
    bans = [headers["Cache-Tags"] for method, _, headers in seen if method == "BAN"]
    return {tag for ban in bans for tag in ban.split()}


def test_a_new_reply_bans_its_topic_and_forums_only_after_the_commit(
    varnish, public_pages, django_capture_on_commit_callbacks
):
    topic = topic_of(public_pages["topic"])
    with django_capture_on_commit_callbacks() as after_commit:
        PostFactory(topic=topic, content="Una risposta")
    assert varnish == []  # not before the commit
    for callback in after_commit:
        callback()
    assert {f"topic:{topic.pk}", f"forum:{topic.forum_id}", "forum"} <= banned(varnish)
    assert "news" not in banned(varnish) and "global" not in banned(varnish)


def test_a_rolled_back_change_bans_nothing(varnish, public_pages, change):
    with change(), pytest.raises(RuntimeError), transaction.atomic():
        PostFactory(topic=topic_of(public_pages["topic"]))
        raise RuntimeError
    assert varnish == []


def test_publishing_an_article_purges_its_url_and_bans_its_tags(varnish, demo, change):
    article = NewsPage.objects.live().order_by("pk").first()
    with change():
        article.title = "Titolo per la cache"
        article.save_revision().publish()
    purged = [(path, headers["Host"]) for method, path, headers in varnish if method == "PURGE"]
    assert purged == [(article.url, urlsplit(article.full_url).netloc)]  # Wagtail's own hook
    assert {f"page:{article.pk}", "news"} <= banned(varnish)


def test_a_cache_that_is_down_is_logged_and_the_change_still_commits(
    settings, public_pages, change, caplog
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "tavolone.pagecache.purge.VarnishBackend",
            "LOCATION": "http://127.0.0.1:9",  # discard: nothing listens
        }
    }
    topic = topic_of(public_pages["topic"])
    with caplog.at_level(logging.WARNING), change():
        post = PostFactory(topic=topic, content="Scritta con la cache giù")
    assert "BAN" in caplog.text and "failed" in caplog.text
    assert post.__class__.objects.filter(pk=post.pk, content__contains="cache giù").exists()


def test_public_pages_name_their_tags_also_when_served_stored(client, public_pages):
    first = client.get(public_pages["topic"])
    stored = client.get(public_pages["topic"])
    topic = topic_of(public_pages["topic"])
    assert stored["X-Site-Cache"] == "hit"
    posters = sorted({post.poster_id for post in topic.posts.filter(approved=True)})
    expected = " ".join([f"global topic:{topic.pk}", *(f"poster:{pk}" for pk in posters)])
    assert first["Cache-Tags"] == stored["Cache-Tags"] == expected  # (each card: its poster's)


def test_members_pages_and_search_answers_carry_no_tags(client, public_pages, coworker):
    assert not client.get(public_pages["search"]).has_header("Cache-Tags")  # the index lags
    client.force_login(coworker)
    for name, url in public_pages.items():
        assert not client.get(url).has_header("Cache-Tags"), name
