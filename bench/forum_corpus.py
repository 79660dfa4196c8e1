"""The forum part of the corpus: users, forums of different sizes, topics and posts in bulk.

machina keeps counters (topic posts, forum topics/posts, last post) that its save() methods
maintain one row at a time; here they are computed in Python and written with bulk_update.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from machina.core.db.models import get_model

from bench import text
from bench.corpus import BATCH, moment, rng_for
from bench.scales import Scale

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
ForumProfile = get_model("forum_member", "ForumProfile")
ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

PRIVATE_SHARE = 0.05  # of topics, in the private forum
UNAPPROVED_SHARE = 0.03  # of posts (and of topics)
LONG_TOPIC_POSTS = 100  # the "topic with 100 posts" page of the load test
READ_PERMS = ("can_see_forum", "can_read_forum")


@contextlib.contextmanager
def historical_dates(*models) -> Iterator[None]:
    """Let bulk_create keep our ten years of dates instead of auto_now(_add)'s 'now'."""
    fields = [
        f for m in models for f in m._meta.concrete_fields if f.name in ("created", "updated")
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _users(scale: Scale) -> list:
    User = get_user_model()
    names = [f"bench{i:05d}" for i in range(scale.users)]
    User.objects.bulk_create(
        [User(username=n, email=f"{n}@bench.invalid", password="!") for n in names],  # noqa: S106
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(username__in=names).order_by("pk"))
    ForumProfile.objects.bulk_create(
        [ForumProfile(user=u) for u in users], batch_size=BATCH, ignore_conflicts=True
    )
    return users


def _forums(scale: Scale) -> tuple[list, object]:
    """A category with public forums of Zipf-like sizes and one private forum."""
    now = timezone.now()
    category = Forum.objects.create(
        name="Bench", slug="bench", type=Forum.FORUM_CAT, created=now, updated=now
    )
    public = [
        Forum.objects.create(
            parent=category,
            name=f"Discussioni {i + 1}",
            slug=f"discussioni-{i + 1}",
            type=Forum.FORUM_POST,
            created=now,
            updated=now,
        )
        for i in range(scale.forums)
    ]
    private = Forum.objects.create(
        parent=category, name="Staff", slug="staff", type=Forum.FORUM_POST, created=now, updated=now
    )
    perms = {p.codename: p for p in ForumPermission.objects.filter(codename__in=READ_PERMS)}
    rows = []
    for forum in [category, *public, private]:
        for who in ("anonymous_user", "authenticated_user"):
            for codename in READ_PERMS:
                rows.append(
                    UserForumPermission(
                        forum=forum,
                        permission=perms[codename],
                        has_perm=forum is not private,
                        **{who: True},
                    )
                )
    UserForumPermission.objects.bulk_create(rows)
    return public, private


def load_forum(scale: Scale) -> dict[str, int]:
    rng = rng_for("forum")
    with transaction.atomic(), historical_dates(Forum, Topic, Post):
        users = _users(scale)
        public, private = _forums(scale)
        weights = [1 / (rank + 1) for rank in range(len(public))]  # forums of different sizes
        topics: list = []
        posts_per_topic: list[int] = []
        spare = scale.posts - LONG_TOPIC_POSTS
        for i in range(scale.topics):
            if i == 0:
                forum, n_posts = public[0], LONG_TOPIC_POSTS
            else:
                is_private = rng.random() < PRIVATE_SHARE
                forum = private if is_private else rng.choices(public, weights)[0]
                n_posts = max(1, round(spare / (scale.topics - 1) * rng.uniform(0.3, 1.7)))
            subject = text.title(rng)[:250]
            created = moment(rng)
            topics.append(
                Topic(
                    forum=forum,
                    poster=rng.choice(users),
                    subject=subject,
                    slug=slugify(subject)[:250] or "topic",
                    type=Topic.TOPIC_POST,
                    status=Topic.TOPIC_UNLOCKED,
                    approved=i == 0 or rng.random() >= UNAPPROVED_SHARE,
                    created=created,
                    updated=created,
                    last_post_on=created,
                )
            )
            posts_per_topic.append(n_posts)
        Topic.objects.bulk_create(topics, batch_size=BATCH)

        n_posts = 0
        batch: list = []
        for index, (topic, count) in enumerate(zip(topics, posts_per_topic, strict=True)):
            when = topic.created
            for j in range(count):
                when = when + dt.timedelta(minutes=rng.randint(5, 60 * 24 * 3))
                body = text.paragraph(rng, 20, 400)
                batch.append(
                    Post(
                        topic=topic,
                        poster=rng.choice(users),
                        subject=topic.subject if j == 0 else f"Re: {topic.subject}"[:255],
                        content=body,
                        _content_rendered=f"<p>{escape(body)}</p>",
                        approved=index == 0 or j == 0 or rng.random() >= UNAPPROVED_SHARE,
                        created=when,
                        updated=when,
                    )
                )
            if len(batch) >= BATCH:
                Post.objects.bulk_create(batch)
                n_posts += len(batch)
                batch = []
        Post.objects.bulk_create(batch)
        n_posts += len(batch)
        _update_counters([*public, private])
    return {"forums": len(public) + 1, "topics": len(topics), "posts": n_posts, "users": len(users)}


def _update_counters(forums: list) -> None:
    """Topic and forum counters and last posts, as machina's update_trackers() would set them."""
    from django.db.models import Count, Max, Min, Q

    stats = (
        Post.objects.filter(topic__forum__in=forums, approved=True)
        .values("topic_id")
        .annotate(n=Count("pk"), first=Min("pk"), last=Max("pk"))
    )
    by_topic = {row["topic_id"]: row for row in stats}
    last_on = dict(
        Post.objects.filter(pk__in=[r["last"] for r in by_topic.values()]).values_list(
            "pk", "created"
        )
    )
    topics = list(Topic.objects.filter(forum__in=forums))
    for topic in topics:
        row = by_topic.get(topic.pk)
        if row:
            topic.posts_count, topic.first_post_id, topic.last_post_id = (
                row["n"],
                row["first"],
                row["last"],
            )
            topic.last_post_on = last_on[row["last"]]
    Topic.objects.bulk_update(
        topics, ["posts_count", "first_post", "last_post", "last_post_on"], batch_size=BATCH
    )
    for forum in forums:
        approved = [t for t in topics if t.forum_id == forum.pk and t.approved and t.last_post_id]
        latest = max(approved, key=lambda t: t.last_post_on, default=None)
        forum.direct_topics_count = len(approved)
        forum.direct_posts_count = sum(t.posts_count for t in approved)
        forum.last_post_id = latest.last_post_id if latest else None
        forum.last_post_on = latest.last_post_on if latest else None
    Forum.objects.bulk_update(
        forums, ["direct_topics_count", "direct_posts_count", "last_post", "last_post_on"]
    )
    profiles = (
        Post.objects.filter(approved=True).values("poster_id").annotate(n=Count("pk", filter=Q()))
    )
    counts = {r["poster_id"]: r["n"] for r in profiles}
    members = list(ForumProfile.objects.filter(user_id__in=counts))
    for m in members:
        m.posts_count = counts[m.user_id]
    ForumProfile.objects.bulk_update(members, ["posts_count"], batch_size=BATCH)
