"""`manage.py repair_forum_counters` puts machina's counters right after a bad write."""

import io

from django.core.management import call_command
from machina.core.db.models import get_model

from .factories import PostFactory, TopicFactory

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Topic = get_model("forum_conversation", "Topic")


def _repair() -> str:
    out = io.StringIO()
    call_command("repair_forum_counters", stdout=out)
    return out.getvalue()


def test_it_recounts_topics_forums_and_members_and_drops_empty_topics(db):
    topic = TopicFactory()
    reply = PostFactory(topic=topic)
    orphan = Topic.objects.create(
        forum=topic.forum,
        subject="Senza messaggi",
        approved=True,
        type=Topic.TOPIC_POST,
        status=Topic.TOPIC_UNLOCKED,
    )
    Topic.objects.filter(pk=topic.pk).update(posts_count=9, last_post=None)
    Forum.objects.filter(pk=topic.forum_id).update(direct_posts_count=0, direct_topics_count=7)
    ForumProfile.objects.update_or_create(user=reply.poster, defaults={"posts_count": 5})
    assert "Deleted 1 topics without posts; recounted 1 topics, 1 member profiles" in _repair()
    assert not Topic.objects.filter(pk=orphan.pk).exists()
    topic.refresh_from_db()
    assert (topic.posts_count, topic.last_post) == (2, reply)
    forum = Forum.objects.get(pk=topic.forum_id)
    assert (forum.direct_topics_count, forum.direct_posts_count) == (1, 2)
    assert ForumProfile.objects.get(user=reply.poster).posts_count == 1


def test_it_changes_nothing_when_the_counters_are_right(db):
    PostFactory(topic=TopicFactory())
    assert "Deleted 0 topics without posts; recounted 0 topics, 0 member profiles" in _repair()
