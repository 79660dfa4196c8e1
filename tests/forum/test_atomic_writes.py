"""A write request is all or nothing: a failure between its writes leaves none of them."""

import pytest
from machina.core.db.models import get_model

from search import signals as search_signals
from search.models import IndexUpdate

from .conftest import post_reply, post_topic
from .factories import TopicFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


@pytest.fixture
def failing(monkeypatch):
    """Make one step of a write fail, as a killed or broken worker would between two writes."""

    def fail(owner, name: str):
        def boom(*args, **kwargs):
            raise RuntimeError("the process died here")

        monkeypatch.setattr(owner, name, boom)

    return fail


def test_a_topic_whose_first_post_fails_is_not_left_behind(client, login, member, board, failing):
    topics = Topic.objects.count()
    failing(Post, "save")  # machina has saved the topic; its first post fails
    client.raise_request_exception = False
    response = post_topic(login(member), board(), subject="Mezza discussione")
    assert response.status_code == 500
    assert Topic.objects.count() == topics
    assert not Topic.objects.filter(subject="Mezza discussione").exists()


def test_a_reply_is_saved_with_its_outbox_row_or_not_at_all(client, login, member, failing):
    topic = TopicFactory()
    posts, pending = Post.objects.count(), IndexUpdate.objects.count()
    failing(search_signals, "record")  # the post is inserted; its outbox row fails
    client.raise_request_exception = False
    assert post_reply(login(member), topic, content="Persa?").status_code == 500
    assert Post.objects.count() == posts
    assert IndexUpdate.objects.count() == pending
    topic.refresh_from_db()
    assert topic.posts_count == 1


def test_a_reply_that_succeeds_commits_the_post_and_its_outbox_row(client, login, member):
    topic = TopicFactory()
    response = post_reply(login(member), topic, content="Arrivata intera.")
    assert response.status_code == 302
    post = Post.objects.get(content="Arrivata intera.")
    topic.refresh_from_db()
    assert topic.last_post == post and topic.posts_count == 2
