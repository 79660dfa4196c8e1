"""CMS page fixtures: the demo network (community part only) and an empty tree with factories."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from community import demo as community_demo
from community.models import NewsIndexPage, SpaceIndexPage
from tavolone.home.demo import ensure_home, ensure_users


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The demo users get passwords: a fast hasher keeps the tree cheap to build per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the cache: each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(db):
    """The demo network's spaces and news, loaded by the same code as `load_demo`."""
    home = ensure_home()
    users = ensure_users()
    community_demo.load(home=home, users=users, stdout=io.StringIO())
    return SimpleNamespace(
        home=home,
        users=users,
        spaces=SpaceIndexPage.objects.get(),
        news=NewsIndexPage.objects.get(),
    )


@pytest.fixture
def cms_tree(db):
    """An empty site: home, space directory, news index."""
    home = ensure_home()
    spaces = home.add_child(instance=SpaceIndexPage(title="Spazi", slug="spazi"))
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    return SimpleNamespace(home=home, spaces=spaces, news=news)


@pytest.fixture
def visitor(db):
    """An anonymous visitor who chose English in the footer (UI strings asserted in English)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
