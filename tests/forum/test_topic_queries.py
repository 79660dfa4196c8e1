"""A topic page and the forum index cost a bounded number of SQL queries, whatever the number of
posts and forums."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import forum_url, topic_url
from .factories import PostFactory, TopicFactory, UserFactory

MAX_QUERIES = 20  # measured: 12 for an anonymous visitor with 10 or 100 posts


def _topic_with(posts):
    topic = TopicFactory()
    authors = UserFactory.create_batch(5)
    for n in range(posts - 1):
        PostFactory(topic=topic, poster=authors[n % 5])
    return topic


@pytest.mark.parametrize("posts", [10, 100])
def test_a_topic_page_runs_the_same_bounded_queries_with_10_or_100_posts(
    posts, client, db, django_assert_max_num_queries
):
    topic = _topic_with(posts)
    client.get(topic_url(topic))  # warm: the anonymous session and view counter exist
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(topic_url(topic)).status_code == 200


def test_the_query_count_does_not_grow_with_the_number_of_posts(client, db):
    counts = []
    for posts in (10, 100):
        topic = _topic_with(posts)
        client.get(topic_url(topic))
        with CaptureQueriesContext(connection) as queries:
            client.get(topic_url(topic))
        counts.append(len(queries))
    print(f"topic page queries: 10 posts={counts[0]}, 100 posts={counts[1]}")
    assert counts[0] == counts[1]


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_forum_index_costs_the_same_queries_whether_one_or_every_forum_has_posts(
    client, db, signed_in
):
    # Our IndexView (machina's, found through its get_class) reads each last post's topic with
    # the forums, our tracking handler a member's unread forums with their ancestors: machina
    # runs a query per forum for each.
    Forum = TopicFactory._meta.model.forum.field.related_model
    boards = Forum.objects.filter(type=Forum.FORUM_POST)
    if signed_in:
        client.force_login(UserFactory())
    counts = []
    for forums in (boards[:1], boards):
        for forum in forums:
            TopicFactory(forum=forum)
        client.get("/forum/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/forum/").status_code == 200
        counts.append(len(queries))
    print(f"forum index queries: 1 forum with posts={counts[0]}, {len(boards)} forums={counts[1]}")
    assert counts[0] == counts[1] and boards.count() > 5


def _plan(sql: str) -> str:
    """SQLite's query plan, one line (PostgreSQL's planner chooses by table statistics)."""
    if connection.vendor != "sqlite":
        pytest.skip(f"query plans are checked on SQLite; this run is on {connection.vendor}")
    with connection.cursor() as cursor:
        return " ".join(row[-1] for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_a_forum_page_lists_its_topics_through_the_listing_index(client, db):
    # Our Topic (machina's model overridden in forum.forum_conversation.models) adds an index
    # starting with the forum: without it SQLite joins and sorts every topic of the forum to
    # show 20.
    forum = TopicFactory().forum
    TopicFactory.create_batch(3, forum=forum)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(forum_url(forum)).status_code == 200
    listing = next(
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "forum_conversation_topic"."id"') and "LIMIT" in q["sql"]
    )
    plan = _plan(listing)
    assert "USING INDEX topic_listing_idx" in plan and "TEMP B-TREE" not in plan, plan


def test_a_members_forum_index_reads_their_forum_permissions_once(client, member):
    # The forums they read and those they moderate (the header's queue) come from one reading.
    client.force_login(member)
    client.get("/forum/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/forum/").status_code == 200
    reads = [q for q in queries if 'FROM "forum_permission_userforumpermission"' in q["sql"]]
    assert len([q for q in reads if not q["sql"].startswith("SELECT 1")]) == 1
