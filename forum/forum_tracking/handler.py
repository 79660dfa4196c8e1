"""machina's tracking handler, found by its `get_class("forum_tracking.handler", …)`.

machina finds a member's unread forums with a query per unread forum (its ancestors); they are
walked here in the forums already read.

machina marks a topic read on every view by a member: it reads the forum's track, then saves
the topic's track (an UPDATE) and counts the forum's unread topics, even when the member had
already read the topic since its last post. That topic's track already says "read" and the
forum's state cannot change by reading it again: one query instead of six and a write.
"""

from machina.apps.forum_tracking.handler import TrackingHandler as BaseTrackingHandler
from machina.core.db.models import get_model
from machina.core.loading import get_class

TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")


def _with_ancestors(forum, by_pk: dict) -> list:
    """`forum.get_ancestors(include_self=True)` from `by_pk` when all of them are there."""
    chain = [forum]
    while chain[-1].parent_id is not None:
        parent = by_pk.get(chain[-1].parent_id)
        if parent is None:
            return list(forum.get_ancestors(include_self=True))
        chain.append(parent)
    return chain


class TrackingHandler(BaseTrackingHandler):
    def get_unread_forums_from_list(self, user, forums):
        """machina's ForumReadTrackManager.get_unread_forums_from_list, the ancestors found in
        `forums` (a readable forum's ancestors are readable: machina's tree rule)."""
        if not user.is_authenticated:
            return []
        forums = list(forums)
        by_pk = {forum.pk: forum for forum in forums}
        nodes = ForumVisibilityContentTree.from_forums(forums).as_dict
        unread: set = set()
        tracked: set[int] = set()
        for track in ForumReadTrack.objects.select_related("forum").filter(
            user=user, forum__in=forums
        ):
            last_post_on = nodes[track.forum_id].last_post_on
            if last_post_on and track.mark_time < last_post_on and track.forum not in unread:
                unread.update(_with_ancestors(track.forum, by_pk))
            tracked.add(track.forum_id)
        for forum in forums:
            if forum.pk not in tracked and forum not in unread and forum.direct_topics_count > 0:
                unread.update(_with_ancestors(forum, by_pk))
        return list(unread)

    def mark_topic_read(self, topic, user):
        if (
            user.is_authenticated
            and topic.last_post_on is not None
            and TopicReadTrack.objects.filter(
                topic=topic, user=user, mark_time__gte=topic.last_post_on
            ).exists()
        ):
            return
        super().mark_topic_read(topic, user)
