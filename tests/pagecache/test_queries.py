"""Every public page type renders in at most 12 SQL queries when not stored, and as many with
10 or 100 items in its lists (no query per item), for a visitor and for signed-in readers in
each role (their permission answers remembered like the visitors', pagecache/memo.py)."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.cache import caches
from machina.core.db.models import get_model

from community.models import NewsIndexPage, NewsPage, SpaceGalleryImage, SpaceIndexPage, SpacePage
from forum.links import topic_url
from people.models import Profile
from tavolone.pagecache import renditions
from tests.community.factories import NewsPageFactory, SpacePageFactory
from tests.forum.factories import PostFactory, TopicFactory, UserFactory

ForumProfile = get_model("forum_member", "ForumProfile")
Topic = get_model("forum_conversation", "Topic")
BUDGET = 12  # issue 16: every public page type, uncached
# The demo's readers by role (site/tavolone/home/demo.py): a coworker of a space, a space's
# host (per-forum moderation, the Host forum), a moderator and an editor (staff).
ROLES = {
    "visitor": None,
    "coworker": "giulia",
    "host": "host_lambrate",
    "moderator": "moderatrice",
    "editor": "redazione",
}


@pytest.fixture(autouse=True)
def _views_not_stored_pages(settings):
    # Count what a view costs: stored pages off, the shared facts on (as in production).
    settings.SITE_CACHE = False
    settings.SITE_CACHE_DATA = True


@pytest.fixture
def pages(public_pages, space_url) -> dict[str, str]:
    return {**public_pages, "space": space_url}


def sign_in(client, role: str) -> None:
    client.logout()
    if ROLES[role]:
        client.force_login(get_user_model().objects.get(username=ROLES[role]))


def warm(client, pages: dict[str, str]) -> None:
    """What the worker and the first view leave behind: renditions, shared facts."""
    caches["default"].clear()
    renditions.run_pending()
    for url in pages.values():
        client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_every_public_page_type_runs_at_most_12_queries_for_each_role(
    client, pages, role, django_assert_max_num_queries
):
    sign_in(client, role)
    warm(client, pages)
    for name, url in pages.items():
        with django_assert_max_num_queries(BUDGET, info=f"{name}, {role}"):
            assert client.get(url).status_code == 200, name


@pytest.fixture(params=[10, 100])
def grown(request, demo, space_url):
    """The demo network with n more of everything a page lists: spaces (photo, amenities),
    articles, an article's related spaces, a space's photos and hosts, topics, a topic's
    posts, people."""
    n = request.param
    spaces_index, news_index = SpaceIndexPage.objects.get(), NewsIndexPage.objects.get()
    image = wagtail_factories.ImageFactory()
    spaces = [SpacePageFactory(parent=spaces_index, amenities=["wifi", "cucina"]) for _ in range(n)]
    for space in spaces:
        SpaceGalleryImage.objects.create(page=space, image=image)
    for _ in range(n):
        NewsPageFactory(parent=news_index, tags=["eventi"])
    article = NewsPage.objects.live().order_by("pk").first()
    article.related_spaces = spaces
    article.save_revision().publish()
    space = SpacePage.objects.get(url_path__endswith=space_url.rstrip("/").rsplit("/")[-1] + "/")
    users = UserFactory.create_batch(n)
    space.hosts = users
    for _ in range(n):
        SpaceGalleryImage.objects.create(page=space, image=image)
    space.save_revision().publish()
    for user in users:
        Profile.objects.create(user=user, visibility="public", display_name=user.username)
        ForumProfile.objects.update_or_create(user=user, defaults={"home_space": space})
    topic = TopicFactory()
    for i in range(n):
        PostFactory(topic=topic, poster=users[i])
        TopicFactory(forum=topic.forum, poster=users[i])
    return n


def test_no_page_runs_a_query_per_item_at_10_or_100_items_for_any_role(
    client, pages, grown, django_assert_max_num_queries
):
    longest = Topic.objects.order_by("-posts_count", "pk").first()  # the grown topic's n+1 posts
    pages = {**pages, "longest topic": topic_url(longest)}
    for role in ROLES:  # one grown network for every role: it takes long to make
        sign_in(client, role)
        warm(client, pages)
        for name, url in pages.items():
            with django_assert_max_num_queries(BUDGET, info=f"{name}, {role}, {grown} items"):
                assert client.get(url).status_code == 200, name


def test_no_page_type_but_the_home_page_reroutes():
    # The home page finds a page by its URL path in two queries (tavolone/lib/page_access.py):
    # the same page as Wagtail's walk only while no other page type has a route of its own.
    from wagtail.models import Page, get_page_models

    from tavolone.home.models import HomePage

    rerouting = [m for m in get_page_models() if m is not HomePage and m.route is not Page.route]
    assert rerouting == []
