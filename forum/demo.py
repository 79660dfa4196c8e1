"""The demo network's forum content. Idempotent: topics are found by forum and subject."""

from __future__ import annotations

from django.db.models import Q
from machina.core.db.models import get_model

from forum import boards, cms, notifications
from forum.demo_content import THREADS

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
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


def _topic(forum, poster, subject: str, body: str):
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
        Post.objects.create(topic=topic, poster=poster, subject=subject, content=body)
    return topic


def _reply(topic, poster, body: str, username: str | None = None) -> None:
    if Post.objects.filter(topic=topic, content=body).exists():
        return
    Post.objects.create(
        topic=topic,
        poster=poster,
        username=username,
        subject=f"Re: {topic.subject}"[:255],
        content=body,
    )


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
        for key, author, subject, body, replies in THREADS:
            forum = forums.get(key)
            if forum is None:
                continue  # e.g. no live space page yet
            before = Topic.objects.count()
            topic = _topic(forum, users[author], subject, body)
            created += Topic.objects.count() - before
            for reply_author, reply_body in replies:
                _reply(topic, users[reply_author], reply_body)
        # The CMS demo's seed article: "assessore"/"assessorato" in its title or slug.
        seed = (
            NewsTopic.objects.select_related("topic")
            .filter(page__live=True)
            .filter(Q(page__title__icontains="assessor") | Q(page__slug__icontains="assessor"))
            .order_by("page_id")
            .first()
        )
        seed_topic = seed.topic if seed else None
        if seed_topic is not None:
            for username, body in SEED_COMMENTS:
                _reply(seed_topic, None, body, username=username)
    stdout.write(
        f"  {Forum.objects.count()} forums, {Topic.objects.count()} topics ({created} new), "
        f"seed article comments: {'yes' if seed_topic else 'skipped (article not found)'}"
    )
