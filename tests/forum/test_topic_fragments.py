"""A topic page's posts and breadcrumb come from the cache (forum/topic_fragments.py), as each
reader must see them, and change with the same events that purge the stored pages."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from machina.core.db.models import get_model

from people.models import Profile

from .conftest import FORMSETS, post_url, topic_url
from .factories import PostFactory, TopicFactory, UserFactory

Post = get_model("forum_conversation", "Post")


@pytest.fixture(autouse=True)
def _fragments_kept(settings):
    # The page cache off (every request is a view), the data caches on, as in production.
    settings.SITE_CACHE, settings.SITE_CACHE_DATA = False, True
    caches["default"].clear()


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Run a change as if committed: its purges run as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def topic(db):
    topic = TopicFactory(subject="Scrivanie condivise")
    PostFactory(topic=topic, content="Prima versione della risposta")
    return topic


def page(client, topic) -> str:
    response = client.get(topic_url(topic))
    assert response.status_code == 200
    return response.content.decode()


def test_an_edited_post_shows_its_new_text_at_once(client, topic, change):
    reply = topic.posts.get(content__startswith="Prima")
    assert "Prima versione" in page(client, topic)
    client.force_login(reply.poster)
    data = {"subject": reply.subject, "content": "Seconda versione", **FORMSETS}
    with change():
        assert client.post(post_url("post_update", reply), data).status_code == 302
    client.logout()
    html = page(client, topic)
    assert "Seconda versione" in html and "Prima versione" not in html


def test_a_waiting_post_a_moderator_saw_reaches_visitors_only_once_approved(
    client, topic, moderator, change
):
    waiting = PostFactory(topic=topic, content="Risposta da approvare", approved=False)
    client.force_login(moderator)
    assert "Risposta da approvare" in page(client, topic)  # its card is stored now
    client.logout()
    assert "Risposta da approvare" not in page(client, topic)
    client.force_login(moderator)
    with change():
        client.post(reverse("forum_moderation:approve_queued_post", args=[waiting.pk]))
    client.logout()
    assert "Risposta da approvare" in page(client, topic)


def test_a_profile_hidden_loses_its_link_beside_the_posts_at_once(client, topic, change):
    poster = topic.first_post.poster
    profile = Profile.objects.create(user=poster, visibility="public", display_name="Ada Zorzi")
    link = f'href="{reverse("person", args=[profile.pk])}"'
    assert link in page(client, topic)
    client.force_login(poster)
    with change():
        client.post(reverse("person_edit"), {"person-visibility": "hidden"})
    client.logout()
    assert Profile.objects.get(pk=profile.pk).visibility == "hidden"
    assert link not in page(client, topic)


def test_a_members_only_profile_is_linked_for_members_not_for_visitors(client, topic):
    poster = topic.first_post.poster
    profile = Profile.objects.create(user=poster, visibility="members", display_name="Ada Zorzi")
    link = f'href="{reverse("person", args=[profile.pk])}"'
    client.force_login(UserFactory())
    assert link in page(client, topic)
    client.logout()
    assert link not in page(client, topic)


def test_a_new_signature_shows_under_the_posts_at_once(client, topic, change):
    poster = topic.first_post.poster
    assert "Firma nuova di zecca" not in page(client, topic)
    client.force_login(poster)
    with change():
        client.post(reverse("forum_member:profile_update"), {"signature": "Firma nuova di zecca"})
    client.logout()
    assert "Firma nuova di zecca" in page(client, topic)


def counts(html: str) -> list[int]:
    """The posters' counts of posts on a topic page, in order."""
    return [int(n) for n in re.findall(r"Messaggi:</b>&nbsp;(\d+)", html)]


def test_a_posters_count_follows_their_posts_on_other_topics_at_once(client, db, change):
    alone = TopicFactory(subject="Un solo autore")  # one post, by its poster
    assert counts(page(client, alone)) == [1]
    with change():
        TopicFactory(poster=alone.poster, subject="Altrove")
        PostFactory(poster=alone.poster)
    assert counts(page(client, alone)) == [3]


def test_the_posts_follow_the_readers_language(client, topic):
    assert "Messaggi:" in page(client, topic)
    client.get("/i18n/en/?next=/")
    html = page(client, topic)
    assert "Posts:" in html and "Messaggi:" not in html


def test_only_the_author_gets_the_edit_button_on_a_stored_post(client, topic):
    reply = topic.posts.get(content__startswith="Prima")
    edit = post_url("post_update", reply)
    assert edit not in page(client, topic)
    client.force_login(reply.poster)
    assert edit in page(client, topic)
    client.force_login(UserFactory())
    assert edit not in page(client, topic)


def test_a_renamed_topic_shows_its_new_name_in_the_breadcrumb(client, topic, change):
    assert "Scrivanie condivise" in page(client, topic)
    with change():
        topic.subject = "Scrivanie in affitto"
        topic.save()
    html = page(client, topic)
    assert "Scrivanie in affitto</a></li>" in html and "condivise</a></li>" not in html


def test_a_stored_topic_page_costs_the_same_queries_with_10_or_100_posts(
    client, db, django_assert_max_num_queries
):
    for posts in (10, 100):
        topic = TopicFactory()
        PostFactory.create_batch(posts - 1, topic=topic)
        page(client, topic)  # cards stored
        with django_assert_max_num_queries(6):
            page(client, topic)
    assert settings.SITE_CACHE_DATA
