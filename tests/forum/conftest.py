"""Role users and CMS pages for the forum tests."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model
from wagtail.models import Site

from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage
from forum.links import forum_url, new_topic_url, reply_url, topic_url  # noqa: F401 (the site's)

from .factories import UserFactory

Forum = get_model("forum", "Forum")


@pytest.fixture
def board(db):
    """A forum of the network category, by key."""
    return lambda key="bacheca": Forum.objects.get(board_key=key)


@pytest.fixture
def member(db):
    """A signed-up coworker, trusted: three approved posts already."""
    from .factories import PostFactory

    user = UserFactory(username="trusted")
    PostFactory.create_batch(3, poster=user)
    return user


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderatrice", groups=["Moderators"])


@pytest.fixture
def staff(db):
    return UserFactory(username="redattore", is_staff=True)


@pytest.fixture
def host(db):
    return UserFactory(username="host")


@pytest.fixture
def login(client, db):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def spaces_index(db):
    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(instance=SpaceIndexPage(title="Spazi", slug="spazi-test"))


@pytest.fixture
def news_index(db):
    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(instance=NewsIndexPage(title="News", slug="news-test"))


@pytest.fixture
def publish_space(spaces_index):
    """Add a draft space page with these hosts, then publish it the way an editor does."""

    def _publish(title="Tavolone Lambrate", hosts=(), tagline="Il tavolo lungo"):
        page = spaces_index.add_child(
            instance=SpacePage(
                title=title, slug=title.lower().replace(" ", "-"), live=False, tagline=tagline
            )
        )
        page.hosts.set(hosts)
        page.save_revision().publish()
        return SpacePage.objects.get(pk=page.pk)

    return _publish


@pytest.fixture
def publish_news(news_index):
    def _publish(title="Incontro con l'assessore", intro="Il Comune al tavolone."):
        import datetime

        page = news_index.add_child(
            instance=NewsPage(
                title=title,
                slug="incontro-assessore",
                live=False,
                intro=intro,
                date=datetime.date(2026, 3, 1),
            )
        )
        page.save_revision().publish()
        return NewsPage.objects.get(pk=page.pk)

    return _publish


def post_url(name: str, post) -> str:
    """machina's URL `name` of `post` (post_update, post_delete)."""
    topic = post.topic
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    kwargs |= {"topic_slug": topic.slug, "topic_pk": topic.pk, "pk": post.pk}
    return reverse(f"forum_conversation:{name}", kwargs=kwargs)


FORMSETS = {
    "attachment-TOTAL_FORMS": "0",
    "attachment-INITIAL_FORMS": "0",
    "poll-TOTAL_FORMS": "0",
    "poll-INITIAL_FORMS": "0",
}


def post_reply(client, topic, content="Una risposta.", **extra):
    data = {"subject": f"Re: {topic.subject}", "content": content, **FORMSETS, **extra}
    return client.post(reply_url(topic), data)


def post_topic(client, forum, subject="Nuova discussione", content="Il testo.", **extra):
    data = {"subject": subject, "content": content, "topic_type": "0", **FORMSETS, **extra}
    return client.post(new_topic_url(forum), data)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Many role users per test: a cheap hasher keeps the suite quick (never used outside tests).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
