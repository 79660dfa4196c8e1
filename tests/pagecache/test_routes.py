"""A page's path is looked up once and kept (tavolone/lib/page_access.py: routed_page): the
page read must still be at that path, so a kept path never leads to another page."""

import pytest
from django.utils import timezone

from community.models import NewsIndexPage, NewsPage


@pytest.fixture(autouse=True)
def _views_with_kept_routes(settings, _site_cache_on):
    settings.SITE_CACHE = False  # every request is routed
    settings.SITE_CACHE_DATA = True


@pytest.fixture
def article(demo) -> NewsPage:
    return NewsPage.objects.live().order_by("pk").first()


def test_a_page_is_found_with_one_query_once_its_path_is_kept(
    client, article, django_assert_max_num_queries
):
    client.get(article.url)
    with django_assert_max_num_queries(2):  # the page, its discussion (the rest is kept)
        assert client.get(article.url).status_code == 200


def test_a_renamed_page_leaves_its_old_path(client, article):
    old = article.url
    assert client.get(old).status_code == 200
    article.slug = "un-indirizzo-nuovo"
    article.save_revision().publish()
    assert client.get(old).status_code == 404
    assert client.get(NewsPage.objects.get(pk=article.pk).url).status_code == 200


def test_a_new_page_at_a_deleted_pages_path_is_the_one_shown(client, article):
    url, slug = article.url, article.slug
    assert client.get(url).status_code == 200
    article.delete()
    assert client.get(url).status_code == 404
    NewsIndexPage.objects.get().add_child(
        instance=NewsPage(title="Chi arriva dopo", slug=slug, date=timezone.localdate())
    )
    assert "Chi arriva dopo" in client.get(url).content.decode()


def test_an_unpublished_page_answers_404_at_its_kept_path(client, article):
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404
