"""The demo network's forum content. Idempotent: topics are found by forum and subject."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from machina.core.db.models import get_model

from forum import boards, cms, notifications
from forum.demo_content import SPACE_THREADS, THREADS

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

# The seed article's two reader comments, retold in our own words, as forum replies.
SEED_COMMENTS = [
    ("lucio", "Che bel risultato portare il Comune al tavolone: complimenti a Massimo e a tutti!"),
    (
        "massimo",
        "Grazie Lucio! Il merito è di tutta la rete: sempre più persone si accorgono di noi, "
        "e adesso anche le istituzioni 🙂",
    ),
]


# The threads' story: the first one this long ago, the others spread up to yesterday; replies
# follow their topic by hours or days. The seed article's comments: the day after it.
STORY_DAYS = 150
# Demo users have read the forums up to this many days ago: only the recent threads are new.
READ_UP_TO_DAYS_AGO = 10


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _date(posts_by_topic: dict, starts: list[datetime.datetime]) -> None:
    """Give new demo posts the dates of their story instead of the moment the demo loaded."""
    latest = timezone.now() - datetime.timedelta(hours=1)
    for (topic, posts), start in zip(posts_by_topic.items(), starts, strict=True):
        if not posts:
            continue  # loaded before: its dates are its own
        for i, post in enumerate(posts):
            when = min(start + datetime.timedelta(hours=5 * i + 20 * i * i), latest)
            Post.objects.filter(pk=post.pk).update(created=when, updated=when)
        if posts[0].pk == topic.first_post_id:
            Topic.objects.filter(pk=topic.pk).update(created=start, updated=start)
        topic.refresh_from_db()
        topic.update_trackers()  # last post and its date; then the forum's


def _thread_starts(count: int) -> list[datetime.datetime]:
    today = timezone.localdate()
    step = STORY_DAYS / max(count, 1)
    return [
        _at(today - datetime.timedelta(days=STORY_DAYS - round(i * step)), 9 + i % 9, 7 * i % 60)
        for i in range(count)
    ]


def _date_article_topics(posts_by_topic: dict) -> None:
    """An article's discussion starts on the article's date; its comments follow the next day."""
    for link in NewsTopic.objects.select_related("topic", "page").filter(page__isnull=False):
        article_day = getattr(link.page.specific, "date", None)
        topic = link.topic
        if article_day is None or topic.created.date() <= article_day:
            continue
        start = _at(article_day, 8)
        Topic.objects.filter(pk=topic.pk).update(created=start, updated=start)
        Post.objects.filter(pk=topic.first_post_id).update(created=start, updated=start)
        comments = posts_by_topic.get(topic, [])
        for i, post in enumerate(comments):
            when = _at(article_day + datetime.timedelta(days=1), 9 + 2 * i, 40)
            Post.objects.filter(pk=post.pk).update(created=when, updated=when)
        topic.refresh_from_db()
        topic.update_trackers()


def _topic(forum, poster, subject: str, body: str, new: list | None = None):
    topic = Topic.objects.filter(forum=forum, subject=subject).first()
    if topic is None:
        topic = Topic.objects.create(
            forum=forum,
            subject=subject,
            poster=poster,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        post = Post.objects.create(topic=topic, poster=poster, subject=subject, content=body)
        if new is not None:
            new.append(post)
    return topic


def _reply(topic, poster, body: str, username: str | None = None, new: list | None = None):
    if Post.objects.filter(topic=topic, content=body).exists():
        return
    post = Post.objects.create(
        topic=topic,
        poster=poster,
        username=username,
        subject=f"Re: {topic.subject}"[:255],
        content=body,
    )
    if new is not None:
        new.append(post)


def _space_threads(forum, users) -> dict:
    """Two threads in a space's forum, opened and answered by its host."""
    host = forum.space_page.specific.hosts.first() if forum.space_page else None
    if host is None:
        return {}
    cast = {**users, "host": host}
    name = forum.space_page.title
    threads = {}
    for author, subject, body, replies in SPACE_THREADS:
        new: list = []
        topic = _topic(forum, cast[author], subject.format(space=name), body, new)
        for reply_author, reply_body in replies:
            _reply(topic, cast[reply_author], reply_body, new=new)
        threads[topic] = new
    return threads


def _mark_read(users) -> None:
    """Demo members have followed the forum until recently, not never opened it."""
    read_up_to = timezone.now() - datetime.timedelta(days=READ_UP_TO_DAYS_AGO)
    for user in users.values():
        for forum in Forum.objects.filter(type=Forum.FORUM_POST):
            track, created = ForumReadTrack.objects.get_or_create(user=user, forum=forum)
            if created:
                ForumReadTrack.objects.filter(pk=track.pk).update(mark_time=read_up_to)


def load(*, home, users, stdout) -> None:
    with notifications.suppressed():
        # The space thread go to the forum of the demo host's space (Lambrate), else the first.
        spaces = Forum.objects.filter(space_page__isnull=False, is_closed=False).order_by("pk")
        space = (
            spaces.filter(userforumpermission__user=users["space manager"]).first()
            or spaces.first()
        )
        forums = {key: cms.board(key) for key in (boards.HOST_SLUG,)}
        for forum in Forum.objects.filter(board_key__isnull=False, type=Forum.FORUM_POST):
            forums[forum.board_key] = forum
        forums["space"] = space
        created = 0
        threads: dict = {}
        for key, author, subject, body, replies in THREADS:
            forum = forums.get(key)
            if forum is None:
                continue  # e.g. no live space page yet
            before = Topic.objects.count()
            new: list = []
            topic = _topic(forum, users[author], subject, body, new)
            created += Topic.objects.count() - before
            for reply_author, reply_body in replies:
                _reply(topic, users[reply_author], reply_body, new=new)
            threads[topic] = new
        for forum in spaces.exclude(pk=space.pk if space else None):
            threads.update(_space_threads(forum, users))
        _date(threads, _thread_starts(len(threads)))
        # The CMS demo's seed article: "assessore"/"assessorato" in its title or slug.
        seed = (
            NewsTopic.objects.select_related("topic")
            .filter(page__live=True)
            .filter(Q(page__title__icontains="assessor") | Q(page__slug__icontains="assessor"))
            .order_by("page_id")
            .first()
        )
        seed_topic = seed.topic if seed else None
        comments: list = []
        if seed_topic is not None:
            for username, body in SEED_COMMENTS:
                _reply(seed_topic, None, body, username=username, new=comments)
        _date_article_topics({seed_topic: comments} if seed_topic else {})
        _mark_read(users)
    stdout.write(
        f"  {Forum.objects.count()} forums, {Topic.objects.count()} topics ({created} new), "
        f"seed article comments: {'yes' if seed_topic else 'skipped (article not found)'}"
    )
