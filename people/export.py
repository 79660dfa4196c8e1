"""A person's data as a zip: `data.json` (everything tied to them) plus the files they uploaded.

A person is an account, or only an email address (a visitor who booked a visit): `collect`
takes either. What is gathered here is what `people.erasure` removes or keeps (docs/privacy.md).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from machina.core.db.models import get_model
from wagtail.models import Revision

from community import services as community
from people.models import Profile

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
Attachment = get_model("forum_attachments", "Attachment")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
ForumProfile = get_model("forum_member", "ForumProfile")


@dataclass
class PersonData:
    data: dict[str, Any]
    files: list[tuple[str, Any]] = field(default_factory=list)  # (name in the zip, FieldFile)


def emails_of(user: User | None, email: str | None) -> set[str]:
    found = {e.strip().lower() for e in (email, user.email if user else None) if e and e.strip()}
    return found


def _raw(markup) -> str:
    return getattr(markup, "raw", None) or ""


def _account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "hosted_spaces": list(community.spaces_hosted_by(user).values_list("title", flat=True)),
    }


def _profile(user: User, files: list) -> dict[str, Any]:
    out: dict[str, Any] = {}
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        out |= {
            "visibility": profile.visibility,
            "display_name": profile.display_name,
            "bio": profile.bio,
            "skills": sorted(profile.skills.values_list("name", flat=True)),
            "tags": sorted(profile.tags.names()),
            "open_to": profile.open_to,
            "links": profile.link_list,
            "updated_at": profile.updated_at,
        }
    forum = ForumProfile.objects.filter(user=user).select_related("home_space").first()
    if forum is not None:
        out["signature"] = _raw(forum.signature)
        out["home_space"] = forum.home_space.title if forum.home_space else None
        out["forum_posts_count"] = forum.posts_count
        if forum.avatar:
            name = f"files/photo/{forum.avatar.name.rsplit('/', 1)[-1]}"
            out["photo"] = name
            files.append((name, forum.avatar))
    return out


def _forum(user: User, files: list) -> dict[str, Any]:
    topics = Topic.objects.filter(poster=user).select_related("forum").order_by("pk")
    posts = Post.objects.filter(poster=user).select_related("topic").order_by("pk")
    attachments: dict[int, list] = {}
    for attachment in Attachment.objects.filter(post__poster=user).order_by("pk"):
        name = f"files/attachments/{attachment.pk}-{attachment.filename}"
        attachments.setdefault(attachment.post_id, []).append(
            {"name": attachment.filename, "comment": attachment.comment or "", "file": name}
        )
        files.append((name, attachment.file))
    votes = TopicPollVote.objects.filter(voter=user).select_related("poll_option__poll__topic")
    return {
        "topics": [
            {"id": t.pk, "subject": t.subject, "forum": t.forum.name, "created": t.created}
            for t in topics
        ],
        "posts": [
            {
                "id": p.pk,
                "topic_id": p.topic_id,
                "topic": p.topic.subject,
                "subject": p.subject,
                "content": _raw(p.content),
                "approved": p.approved,
                "created": p.created,
                "updated": p.updated,
                "attachments": attachments.get(p.pk, []),
            }
            for p in posts
        ],
        "poll_votes": [
            {
                "topic": v.poll_option.poll.topic.subject,
                "question": v.poll_option.poll.question,
                "option": v.poll_option.text,
                "when": v.timestamp,
            }
            for v in votes
        ],
        "subscriptions": list(
            Topic.objects.filter(subscribers=user).order_by("pk").values("id", "subject")
        ),
        "read_forums": list(
            ForumReadTrack.objects.filter(user=user).values("forum__name", "mark_time")
        ),
        "read_topics": list(
            TopicReadTrack.objects.filter(user=user).values("topic__subject", "mark_time")
        ),
    }


def _revisions(user: User) -> list[dict[str, Any]]:
    rows = Revision.objects.filter(user=user).order_by("pk")
    return [
        {"object": r.object_str, "created_at": r.created_at, "content": r.content} for r in rows
    ]


def _visits(emails: set[str]) -> list[dict[str, Any]]:
    rows = community.visit_requests_from(sorted(emails))
    return [
        {
            "space": v.space.title,
            "name": v.name,
            "email": v.email,
            "message": v.message,
            "preferred_date": v.preferred_date,
            "received": v.created_at,
        }
        for v in rows.select_related("space").order_by("pk")
    ]


def collect(user: User | None = None, email: str | None = None) -> PersonData:
    """Everything tied to an account and/or an email address."""
    files: list[tuple[str, Any]] = []
    data: dict[str, Any] = {"visit_requests": _visits(emails_of(user, email))}
    if user is not None:
        data = {
            "account": _account(user),
            "profile": _profile(user, files),
            "forum": _forum(user, files),
            "news_authored": list(community.news_by(user).values_list("title", flat=True)),
            "page_revisions": _revisions(user),
            **data,
        }
    # Reports of outdated space data are emailed to hosts and editors, never stored here.
    data["reports"] = []
    return PersonData(data=data, files=files)


def build_zip(person: PersonData) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(person.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("data.json", text)
        for name, fieldfile in person.files:
            try:
                with fieldfile.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except OSError:  # a file gone from the disk: the JSON still names it
                continue
    return buffer.getvalue()
