"""One post per form: a post form carries a one-time token, kept with the post it creates.

A retried submission (the answer was lost on the way, the browser or the person sent the form
again) finds the post its token already created and is sent to it instead of writing it twice.
The token is unique in the database, so two submissions racing each other write one post: the
loser's transaction is rolled back and it is sent to the winner's post.
"""

from __future__ import annotations

import re
import uuid

from django.contrib.auth.models import AnonymousUser, User
from machina.core.db.models import get_model

PostSubmission = get_model("forum", "PostSubmission")

FIELD = "submission_token"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return uuid.uuid4().hex


def read_token(data) -> str | None:
    """The well-formed token of submitted form data, or None (old forms, scripts, tampering)."""
    token = (data.get(FIELD) or "").strip()
    return token if _TOKEN.match(token) else None


def submitted_post(token: str | None):
    """The post this token already created, or None."""
    if token is None:
        return None
    found = PostSubmission.objects.select_related("post__topic__forum").filter(token=token)
    submission = found.first()
    return submission.post if submission else None


def is_authors(post, user: User | AnonymousUser) -> bool:
    """Whether `user` wrote `post` (a token copied into another member's form leads nowhere)."""
    if user.is_authenticated:
        return post.poster_id == user.pk
    return post.poster_id is None


def record(token: str | None, post) -> None:
    """Keep the token with the post it created (in the caller's transaction): a second record
    of the same token raises IntegrityError, which rolls the second post back."""
    if token is not None:
        PostSubmission.objects.create(token=token, post=post)
