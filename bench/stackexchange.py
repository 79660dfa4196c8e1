"""Import a Stack Exchange dump (Posts.xml, Users.xml) into the forum: each question becomes a
topic, its answers replies. Real Italian text for the relevance tests (tests/search); it lives
in bench/ because no part of the site runs it.

The content is CC BY-SA 3.0: every post keeps a link to the original question and to its
author's profile, as the dump's license.txt requires. Rows are bulk-inserted (no per-post
signals): call search.services.rebuild() afterwards.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET  # noqa: S405 (a local, trusted data dump)
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
SITE = "https://italian.stackexchange.com"


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _attribution(question_id: str, user_id: str | None, name: str) -> str:
    author = (
        f'<a href="{SITE}/users/{user_id}">{html.escape(name)}</a>'
        if user_id
        else html.escape(name or "anonymous")
    )
    return (
        f'<p class="tv-attribution">— {author} on <a href="{SITE}/questions/{question_id}">'
        "Italian Language Stack Exchange</a>, "
        '<a href="https://creativecommons.org/licenses/by-sa/3.0/">CC BY-SA 3.0</a></p>'
    )


@transaction.atomic
def import_dump(directory: str | Path, forum, poster=None, limit: int | None = None) -> dict:
    """Questions and answers → topics and approved posts in `forum`; {question id: topic}."""
    directory = Path(directory)
    names = {
        row.get("Id"): row.get("DisplayName", "")
        for row in ET.parse(directory / "Users.xml").getroot()  # noqa: S314 (trusted dump)
    }
    rows = list(ET.parse(directory / "Posts.xml").getroot())  # noqa: S314
    questions = [r for r in rows if r.get("PostTypeId") == "1"][:limit]
    answers: dict[str, list] = {}
    for r in rows:
        if r.get("PostTypeId") == "2":
            answers.setdefault(r.get("ParentId"), []).append(r)
    topics = Topic.objects.bulk_create(
        [
            Topic(
                forum=forum,
                poster=poster,
                subject=q.get("Title")[:255],
                slug=slugify(q.get("Title"))[:255] or "topic",
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
                posts_count=1 + len(answers.get(q.get("Id"), [])),
                last_post_on=_when(q.get("LastActivityDate") or q.get("CreationDate")),
            )
            for q in questions
        ]
    )
    posts = []
    for q, topic in zip(questions, topics, strict=True):
        for i, r in enumerate([q, *answers.get(q.get("Id"), [])]):
            uid = r.get("OwnerUserId")
            body = r.get("Body", "") + _attribution(q.get("Id"), uid, names.get(uid, ""))
            posts.append(
                Post(
                    topic=topic,
                    poster=poster,
                    username=None if poster else (names.get(uid) or "anonymous")[:155],
                    subject=(q.get("Title") if i == 0 else "Re: " + q.get("Title"))[:255],
                    content=body,
                    approved=True,
                    created=_when(r.get("CreationDate")),
                )
            )
    Post.objects.bulk_create(posts, batch_size=500)
    return {q.get("Id"): t for q, t in zip(questions, topics, strict=True)}
