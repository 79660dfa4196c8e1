"""Blocks kept rendered for many viewers (pagecache/fragments.py): the home page's spaces, news
and threads, an article and its discussion. Views run (the site cache off), the blocks are
kept; each change shows at once, each viewer and language gets their own, nothing private
reaches another viewer."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community.models import NewsIndexPage, NewsPage, SpacePage
from tests.forum.factories import PostFactory, UserFactory

Topic = get_model("forum_conversation", "Topic")
NewsTopic = get_model("forum", "NewsTopic")


@pytest.fixture(autouse=True)
def _views_with_fragments(settings, _site_cache_on):
    settings.SITE_CACHE = False  # every request runs the view: what the fragments speed up
    settings.SITE_CACHE_DATA = True


@pytest.fixture
def article(demo) -> NewsPage:
    return NewsPage.objects.live().filter(news_topic__isnull=False).order_by("pk").first()


def discussion_of(article: NewsPage):
    return NewsTopic.objects.get(page_id=article.pk).topic


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def stored_fragments() -> str:
    keys = [key.split(":", 2)[2] for key in list(caches["pages"]._cache) if "fragment" in key]
    return repr(caches["pages"].get_many(keys))


def test_the_home_page_shows_a_new_article_at_once(client, demo, change):
    text(client, "/")
    article = NewsIndexPage.objects.get().add_child(
        instance=NewsPage(title="Notizia freschissima", date=timezone.localdate())
    )
    with change():
        article.save_revision().publish()
    assert "Notizia freschissima" in text(client, "/")


def test_the_home_page_drops_an_unpublished_space_at_once(client, demo, change):
    space = SpacePage.objects.live().order_by("title").first()
    assert space.title in text(client, "/")
    with change():
        space.unpublish()
    assert f">{space.title}<" not in text(client, "/")


def test_a_new_reply_brings_its_thread_to_the_home_page(client, demo, change):
    topic = Topic.approved_objects.filter(forum__board_key="bacheca").order_by("last_post_on")[0]
    text(client, "/")
    with change():
        topic.subject = "Filo appena ripreso"
        topic.save()
        PostFactory(topic=topic)
    assert "Filo appena ripreso" in text(client, "/")


def test_the_home_page_keeps_its_blocks_per_language(client, demo):
    assert "Ultime notizie" in text(client, "/")
    client.get("/i18n/en/?next=/")
    assert "Latest news" in text(client, "/") and "Ultime notizie" not in text(client, "/")


def test_visitors_and_coworkers_never_see_the_hosts_latest_threads(client, demo, change):
    secret = Topic.approved_objects.filter(forum__slug="host").first()
    with change():
        secret.subject = "Riservato agli host"
        secret.save()
        PostFactory(topic=secret)
    client.force_login(get_user_model().objects.get(username="host_lambrate"))
    assert "Riservato agli host" in text(client, "/")
    client.logout()
    assert "Riservato agli host" not in text(client, "/")
    client.force_login(UserFactory())
    assert "Riservato agli host" not in text(client, "/")


def test_the_map_carries_each_requests_own_nonce(client, demo):
    for _ in range(2):
        response = client.get("/")
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        assert f'<script nonce="{nonce}" id="tv-map-points"' in response.content.decode()


def test_an_edited_article_shows_at_once(client, article, change):
    text(client, article.url)
    with change():
        article.title = "Titolo corretto"
        article.save_revision().publish()
    assert "Titolo corretto" in text(client, article.url)


def test_a_related_space_unpublished_leaves_the_article_at_once(client, article, change):
    space = SpacePage.objects.live().order_by("pk").first()
    with change():
        article.related_spaces = [space]
        article.save_revision().publish()
    assert f">{space.title}<" in text(client, article.url)
    with change():
        space.unpublish()
    assert f">{space.title}<" not in text(client, article.url)


def test_a_new_comment_shows_on_the_article_for_visitors_at_once(client, article, change):
    text(client, article.url)
    with change():
        PostFactory(topic=discussion_of(article), content="Commento appena arrivato")
    assert "Commento appena arrivato" in text(client, article.url)


def test_a_comment_waiting_for_approval_is_shown_to_its_author_alone(client, article, change):
    author = UserFactory()
    with change():
        PostFactory(topic=discussion_of(article), poster=author, content="Attendo", approved=False)
    client.force_login(author)
    assert "Attendo" in text(client, article.url)
    client.logout()
    assert "Attendo" not in text(client, article.url)
    assert "Attendo" not in stored_fragments()


def test_a_draft_viewed_by_an_editor_never_reaches_visitors(client, article):
    article.title = "Bozza da non mostrare"
    article.save_revision()
    client.force_login(get_user_model().objects.get(username="redazione"))
    view_draft = reverse("wagtailadmin_pages:view_draft", args=[article.pk])
    assert "Bozza da non mostrare" in text(client, view_draft)
    client.logout()
    assert "Bozza da non mostrare" not in text(client, article.url)
    assert "Bozza da non mostrare" not in stored_fragments()


def test_a_visitors_views_read_the_kept_blocks_without_a_query(
    client, article, django_assert_max_num_queries
):
    for url in ("/", article.url):
        text(client, url)
    with django_assert_max_num_queries(0):
        text(client, "/")
    with django_assert_max_num_queries(2):  # finding the page: the rest is kept
        text(client, article.url)
