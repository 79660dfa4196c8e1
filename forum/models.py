# machina's override mechanism: declare custom models above this import, then pull in the rest.
from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum.abstract_models import AbstractForum


class Forum(AbstractForum):
    # The space page this forum belongs to (a forum per space); kept when the page goes away.
    space_page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="space_forum",
        verbose_name=_("space page"),
    )
    # Our boards are found by key, not by slug (machina re-slugs a forum from its name on save).
    board_key = models.CharField(max_length=30, unique=True, null=True, blank=True, editable=False)
    # Closed forums stay readable but take no new topics or replies (unpublished/deleted space).
    is_closed = models.BooleanField(_("closed to new posts"), default=False)

    class Meta(AbstractForum.Meta):
        app_label = "forum"

    def update_trackers(self):
        """machina's counters and last post (the index, the forum lists), counted over what a
        visitor may see: a discussion whose article is not public neither counts nor shows as
        the last post. Re-run when an article's visibility changes (forum/cms.py)."""
        from django.contrib.auth.models import AnonymousUser

        from forum import derived

        topics = derived.visible_topics(self.topics.filter(approved=True), AnonymousUser())
        topics = topics.order_by("-last_post_on")
        self.direct_topics_count = topics.count()
        self.direct_posts_count = topics.aggregate(n=models.Sum("posts_count"))["n"] or 0
        # The last post shown is a conversation's, not an article's uncommented discussion.
        active = derived.without_empty_discussions(topics)
        last = active.values_list("last_post_id", "last_post_on").first()
        self.last_post_id, self.last_post_on = last or (None, None)
        self._simple_save()


class NewsTopic(models.Model):
    """The discussion topic of a news article: its replies are the article's comments."""

    page = models.OneToOneField(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="news_topic"
    )
    topic = models.OneToOneField(
        "forum_conversation.Topic", on_delete=models.CASCADE, related_name="news_link"
    )

    def __str__(self) -> str:
        return f"news topic {self.topic_id} of page {self.page_id}"


class PostRecord(models.Model):
    """Something done once per post (the one-to-one key makes it once), and when."""

    post = models.OneToOneField(
        "forum_conversation.Post", on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class NotifiedPost(PostRecord):
    """A reply whose subscribers were notified: the unique key makes it once per reply."""

    def __str__(self) -> str:
        return f"notified post {self.post_id}"


class PostSubmission(PostRecord):
    """The one-time token of a post form, kept with the post it created: a retried submission
    (the answer was lost, the form sent again) finds the post instead of writing it twice."""

    token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"submission {self.token} of post {self.post_id}"


class QueuedPostNotice(PostRecord):
    """A post that entered the approval queue, until its moderators' digest email lists it:
    moderators get one email per round (forum/moderation.py), not one per post."""

    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"queue notice of post {self.post_id}"


from machina.apps.forum.models import *  # noqa: E402, F403
