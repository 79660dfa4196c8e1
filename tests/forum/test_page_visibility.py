"""A page's visibility holds on every surface derived from it: a news article's discussion
thread and a space's forum exist for a user only while that user may see the page.

A matrix of page states (tests/forum/page_states.py) × every surface, for a visitor and for a
signed-in coworker; then the way back (the page public again) and the overseers (moderators).
"""

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.models import PageViewRestriction, Revision

from community.models import NewsPage
from search import services as search

from . import page_states as states
from .conftest import post_reply
from .factories import PostFactory, TopicFactory, UserFactory

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
# Built ahead (the index): they follow the change the scheduler makes when expiry comes.
INDEXED = {"search", "search space", "api search", "api search space", "autocomplete"}
INDEXED |= {"autocomplete space", "suggest", "suggest reply", "suggest space"}


@pytest.fixture
def world(tree):
    """The tree's article and space A, published with words of their own, each with a thread
    that has a reply; the search index built."""
    article, space = tree["article"], tree["a"]
    article.title, article.slug, article.intro = states.TITLE, "assemblea-zanzibar", states.INTRO
    article.save_revision().publish()
    space.title, space.slug, space.tagline = states.SPACE, "borgoratto", states.TAGLINE
    space.save_revision().publish()
    topic = Topic.objects.get(news_link__page=article)
    PostFactory(topic=topic, content=states.REPLY)
    forum = Forum.objects.get(space_page=space)
    PostFactory(topic=TopicFactory(forum=forum, subject="Borgoratto: caffè"), content="Sì")
    search.rebuild()
    return {"tree": tree, "pages": [article, space], "topic": topic, "forum": forum}


@pytest.fixture
def urls(world):
    return states.surfaces(world["topic"], world["forum"])


def test_a_public_article_and_space_show_on_every_surface(client, world, urls):
    assert states.leaks(client, urls) == list(urls)


def test_search_hides_what_derives_from_a_page_once_it_expires_before_the_scheduler_runs(
    client, world, urls
):
    soon = timezone.now() + datetime.timedelta(seconds=2)
    for page in world["pages"]:
        page.expire_at = soon
        page.save_revision().publish()
    search.rebuild()  # indexed while live: threads, page and space alike
    indexed = {k: v for k, v in urls.items() if k in INDEXED}
    assert states.leaks(client, indexed) == list(indexed)
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    assert states.leaks(client, indexed) == []


@pytest.mark.parametrize("state", list(states.STATES))
def test_visitors_see_nothing_of_a_page_they_may_not_see(client, world, urls, state):
    states.apply(state, world["pages"], world["tree"])
    if state == "expired_scheduler_not_run_yet":  # the index changes when the scheduler runs
        urls = {k: v for k, v in urls.items() if k not in INDEXED}
    assert states.leaks(client, urls) == []


@pytest.mark.parametrize("state", sorted(set(states.STATES) - states.COWORKER_SEES))
def test_coworkers_see_nothing_of_a_page_they_may_not_see(client, world, urls, state):
    client.force_login(UserFactory(username="coworker"))
    states.apply(state, world["pages"], world["tree"])
    if state == "expired_scheduler_not_run_yet":
        urls = {k: v for k, v in urls.items() if k not in INDEXED}
    assert states.leaks(client, urls) == []


@pytest.mark.parametrize("state", sorted(states.COWORKER_SEES))
def test_coworkers_see_a_discussion_restricted_to_signed_in_users(client, world, urls, state):
    client.force_login(UserFactory(username="coworker"))
    states.apply(state, world["pages"], world["tree"])
    shown = states.leaks(client, urls)
    assert {"topic", "news comments forum", "space forum", "home", "forum feed"} <= set(shown)
    assert not set(shown) & INDEXED  # search holds public pages and threads only


def test_group_members_see_the_discussion_of_their_group_article(client, world, urls):
    states.apply("group", world["pages"], world["tree"])
    client.force_login(UserFactory(username="socio", groups=[states.MEMBERS]))
    assert {"topic", "news comments forum", "space forum"} <= set(states.leaks(client, urls))


@pytest.mark.parametrize("role", ["Moderators", "Editors"])
@pytest.mark.parametrize("state", ["password", "unpublished", "deleted"])
def test_moderators_and_editors_oversee_hidden_discussions(client, world, urls, role, state):
    states.apply(state, world["pages"], world["tree"])
    client.force_login(UserFactory(username="overseer", groups=[role]))
    assert client.get(urls["topic"]).status_code == 200
    assert client.get(urls["space forum"]).status_code == 200


@pytest.mark.parametrize("state", ["password", "login", "unpublished", "deleted"])
def test_nobody_replies_to_a_discussion_they_may_not_see(client, world, state):
    states.apply(state, world["pages"], world["tree"])
    client.force_login(UserFactory(username="coworker"))
    topic = world["topic"]
    if state == "login":
        PageViewRestriction.objects.update(restriction_type="groups")
    assert post_reply(client, topic).status_code in (403, 404)
    assert Post.objects.filter(topic=topic).count() == 2


def test_a_discussion_comes_back_everywhere_when_its_restriction_is_lifted(client, world, urls):
    states.apply("password", world["pages"], world["tree"])
    for restriction in PageViewRestriction.objects.all():
        restriction.delete()
    search.drain()
    assert states.leaks(client, urls) == list(urls)


def test_a_discussion_comes_back_everywhere_when_its_article_is_republished(client, world, urls):
    states.apply("unpublished", world["pages"], world["tree"])
    for page in world["pages"]:
        page.specific.save_revision().publish()
    search.drain()
    assert states.leaks(client, urls) == list(urls)


def test_a_scheduled_article_has_no_discussion_until_it_goes_live(client, tree):
    article = tree["news"].add_child(
        instance=NewsPage(title="Annuncio zanzibar", date=datetime.date(2026, 12, 2), live=False)
    )
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    article.save_revision().publish()
    assert not NewsTopic.objects.filter(page=article).exists()
    assert "zanzibar" not in client.get("/forum/").content.decode()
    revision = Revision.objects.get(approved_go_live_at__isnull=False)  # the hour has come
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
    revision.save()
    call_command("publish_scheduled", verbosity=0)
    topic = Topic.objects.get(news_link__page=article)
    assert client.get(states.topic_url(topic)).status_code == 200


def test_every_restriction_above_a_discussion_must_be_passed(client, world, urls):
    """The section asks for a sign-in, the article for a group: only its members pass both."""
    states.apply("section_restricted", world["pages"], world["tree"])
    states.apply("group", world["pages"], world["tree"])
    client.force_login(UserFactory(username="coworker"))
    assert client.get(urls["topic"]).status_code == 404
    client.force_login(UserFactory(username="socio", groups=[states.MEMBERS]))
    assert client.get(urls["topic"]).status_code == 200


def test_a_coworkers_lists_drop_a_discussion_once_its_article_is_hidden(client, world):
    reader = UserFactory(username="follower")
    world["topic"].subscribers.add(reader)
    client.force_login(reader)
    lists = ["/forum/member/subscriptions/", "/forum/tracking/unread-topics/"]
    assert all("zanzibar" in client.get(url).content.decode().lower() for url in lists)
    states.apply("unpublished", world["pages"], world["tree"])
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200 and "zanzibar" not in response.content.decode().lower()
