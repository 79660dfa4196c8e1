"""Recount machina's denormalised counters and drop topics that have no post.

machina keeps counts and last-post links on topics, forums and member profiles, updated write by
write. Writes are now one transaction per request (tavolone/atomic.py), but a database restored
from before that, or edited by hand, can hold a topic with no post (listed, empty) or counts that
drifted. Safe to run at any time; it prints what it changed.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


class Command(BaseCommand):
    help = "Recount topics', forums' and members' post counters; delete topics without posts."

    @transaction.atomic
    def handle(self, *args, **options):
        empty = Topic.objects.filter(posts__isnull=True)
        emptied = list(empty.values_list("pk", flat=True))
        empty.delete()
        topics = 0
        for topic in Topic.objects.annotate(
            approved_posts=Count("posts", filter=Q(posts__approved=True))
        ).iterator():
            first = topic.posts.order_by("created", "pk").values_list("pk", flat=True).first()
            last = (
                topic.posts.filter(approved=True)
                .order_by("-created", "-pk")
                .values_list("pk", "created")
                .first()
            )
            values = (topic.approved_posts, first, *(last or (None, None)))
            if values != (
                topic.posts_count,
                topic.first_post_id,
                topic.last_post_id,
                topic.last_post_on,
            ):
                topic.posts_count, topic.first_post_id = values[0], values[1]
                topic.last_post_id, topic.last_post_on = values[2], values[3]
                topic._simple_save()
                topics += 1
        for forum in Forum.objects.all():
            forum.update_trackers()  # from its topics, just recounted
        profiles = 0
        for profile in ForumProfile.objects.annotate(
            approved=Count("user__posts", filter=Q(user__posts__approved=True))
        ):
            if profile.posts_count != profile.approved:
                profile.posts_count = profile.approved
                profile.save(update_fields=["posts_count"])
                profiles += 1
        self.stdout.write(
            f"Deleted {len(emptied)} topics without posts; recounted {topics} topics, "
            f"{profiles} member profiles and every forum."
        )
