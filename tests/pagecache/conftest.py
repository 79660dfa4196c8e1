"""Public pages of every type in the demo network, by name."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from machina.core.db.models import get_model

from community.models import NewsPage, SpacePage
from people.models import Profile

Topic = get_model("forum_conversation", "Topic")


@pytest.fixture(autouse=True)
def _site_cache_on(settings, _fresh_page_cache):
    settings.SITE_CACHE = True  # off elsewhere (tests/conftest.py); changes run `change()`


@pytest.fixture(scope="package")
def demo_network(django_db_setup, django_db_blocker):
    """The demo network, loaded once for these tests (each test's changes roll back)."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_network, db):
    from tavolone.home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def public_pages(demo) -> dict[str, str]:
    topic = Topic.approved_objects.filter(news_link__isnull=True).order_by("pk").first()
    article = NewsPage.objects.live().order_by("pk").first()
    space = SpacePage.objects.live().order_by("pk").first()
    person = Profile.objects.filter(visibility=Profile.Visibility.PUBLIC).order_by("pk").first()
    return {
        "home": "/",
        "space directory": "/spazi/",
        "news index": "/news/",
        "article": article.url,
        "space": space.url,  # with its "book a visit" form
        "forum index": reverse("forum:index"),
        "forum": reverse("forum:forum", args=[topic.forum.slug, topic.forum.pk]),
        "topic": reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        ),
        "topic page 1": reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum.pk, topic.slug, topic.pk],
        )
        + "?page=1",
        "news feed": reverse("news_feed_rss"),
        "forum feed": reverse("forum_feeds:latest_topics"),
        "search": reverse("search") + "?q=coworking",
        "people directory": reverse("people"),
        "person": reverse("person", args=[person.pk]),
        "sitemap": "/sitemap.xml",
    }


@pytest.fixture
def space_url(demo) -> str:
    return SpacePage.objects.live().order_by("pk").first().url


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Run a change as if committed: its purges run as they do after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
