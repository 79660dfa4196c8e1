"""A retried submission after a lost answer writes no second post: the form's one-time token
leads it to the post it already created."""

import re

from machina.core.db.models import get_model

from .conftest import new_topic_url, post_reply, post_topic, reply_url, topic_url
from .factories import TopicFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def _token(client, url):
    html = client.get(url).content.decode()
    return re.search(r'name="submission_token" value="([0-9a-f]{32})"', html).group(1)


def test_a_reply_sent_twice_with_the_same_token_is_written_once(login, member):
    topic = TopicFactory(subject="Scrivanie")
    client = login(member)
    token = _token(client, reply_url(topic))
    first = post_reply(client, topic, "Una volta sola.", submission_token=token)
    second = post_reply(client, topic, "Una volta sola.", submission_token=token)
    post = Post.objects.get(content="Una volta sola.")
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert second["Location"].endswith(f"?post={post.pk}#{post.pk}")


def test_a_new_topic_sent_twice_with_the_same_token_is_written_once(login, member, board):
    client = login(member)
    token = _token(client, new_topic_url(board()))
    first = post_topic(client, board(), "Cerco un monitor", submission_token=token)
    second = post_topic(client, board(), "Cerco un monitor", submission_token=token)
    topic = Topic.objects.get(subject="Cerco un monitor")
    assert topic.posts.count() == 1
    assert second["Location"] == first["Location"] == topic_url(topic)


def test_two_forms_with_their_own_tokens_write_two_posts(login, member):
    topic = TopicFactory()
    client = login(member)
    for _ in range(2):
        token = _token(client, reply_url(topic))
        post_reply(client, topic, "Di nuovo.", submission_token=token)
    assert Post.objects.filter(content="Di nuovo.").count() == 2


def test_another_members_token_does_not_block_a_new_post(login, member, moderator):
    topic = TopicFactory()
    token = _token(login(member), reply_url(topic))
    post_reply(login(member), topic, "Mia.", submission_token=token)
    post_reply(login(moderator), topic, "Sua.", submission_token=token)
    assert Post.objects.filter(content__in=["Mia.", "Sua."]).count() == 2
