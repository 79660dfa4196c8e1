"""A member's unread forums and topics (machina's tracking, tavolone's handler): what they show,
and that reading a topic again writes nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import topic_url
from .factories import PostFactory, TopicFactory, UserFactory


def _unread_forums(client) -> int:
    return client.get("/forum/").content.decode().count("forum-icon unread")


def test_a_members_forum_index_marks_a_forum_unread_until_its_news_are_read(client, db):
    topic = TopicFactory()
    client.force_login(UserFactory())
    assert _unread_forums(client) >= 1
    client.get(topic_url(topic))
    assert _unread_forums(client) == 0
    PostFactory(topic=topic)
    assert _unread_forums(client) >= 1
    client.get(topic_url(topic))
    assert _unread_forums(client) == 0


def test_reading_a_topic_already_read_writes_no_track(client, db):
    topic, other = TopicFactory.create_batch(2)  # the other one keeps the forum unread
    client.force_login(UserFactory())
    client.get(topic_url(topic))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(topic_url(topic)).status_code == 200
    writes = [q["sql"] for q in queries if "forum_tracking" in q["sql"]]
    assert not [sql for sql in writes if sql.startswith(("UPDATE", "INSERT", "DELETE"))]
    assert _unread_forums(client) >= 1  # `other` is still unread
