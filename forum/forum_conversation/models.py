"""machina's conversation models, overridden the documented way (a model defined here before
machina's module is imported replaces machina's own).

Topic adds one index: machina lists a forum's topics with `forum_id = ?` ordered by type and
last post, and its only composite index (type, last_post_on) does not start with the forum, so
without it every topic of the forum is joined to its posters and sorted to show 20, and read
again to count the pages (timings: docs/benchmarks.md, "History").
"""

from django.db import models
from machina.apps.forum_conversation.abstract_models import AbstractTopic


class Topic(AbstractTopic):
    class Meta(AbstractTopic.Meta):
        indexes = [
            *AbstractTopic.Meta.indexes,
            # Partial, as machina's listing filters (announcements are listed apart): queries
            # without that filter cannot use it, so it never displaces their plans (a full one,
            # before ANALYZE has statistics for it, makes SQLite sort every topic for the home
            # page's latest threads). Approved last: the page count reads the index alone.
            models.Index(
                fields=["forum", "type", "last_post_on", "approved"],
                condition=~models.Q(type=AbstractTopic.TOPIC_ANNOUNCE),
                name="topic_listing_idx",
            ),
        ]


# machina's Post, after our Topic is registered (machina's module then leaves its own Topic None:
# a star import would overwrite ours with that None).
from machina.apps.forum_conversation.models import Post  # noqa: E402

__all__ = ["Post", "Topic"]
