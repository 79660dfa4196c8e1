"""Erasing a person: one database transaction, plus outbox entries for the search index.

Policy (docs/privacy.md): the account, the profile (photo, signature, skills, links), poll votes,
subscriptions, read tracking, sessions, login-throttle records, pending confirmations, visit
requests sent with the person's addresses and unpublished posts are deleted. Published topics
and posts stay, under the neutral pseudonym "utente rimosso", because other people's replies
answer them. Page revisions keep their content and lose their author. Every thread that changed
is recorded in the search outbox in the same transaction, so a failure leaves all as it was.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from machina.core.db.models import get_model
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from community.services import visit_requests_from
from people.export import emails_of
from people.models import Profile
from search.services import record

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
ForumProfile = get_model("forum_member", "ForumProfile")

PSEUDONYM = "utente rimosso"


def _sessions_of(user_id: int) -> list[str]:
    keys = []
    for session in Session.objects.iterator(chunk_size=1000):
        try:
            data = session.get_decoded()
        except Exception:  # noqa: S112  (a session that does not decode belongs to nobody)
            continue
        if str(data.get("_auth_user_id", "")) == str(user_id):
            keys.append(session.session_key)
    return keys


def _throttle_records(names: set[str]) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    q = Q()
    for name in names:
        q |= Q(username__iexact=name)
    if not names:
        return 0
    return sum(
        model.objects.filter(q).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _forum(user: User) -> set[int]:
    """Unpublished posts deleted, published ones pseudonymised; the threads that changed."""
    topic_ids = set(Post.objects.filter(poster=user).values_list("topic_id", flat=True))
    topic_ids |= set(Topic.objects.filter(poster=user).values_list("pk", flat=True))
    for post in Post.objects.filter(poster=user, approved=False).select_related("topic"):
        post.delete()  # machina's: the topic goes too when it was its only post
    Post.objects.filter(poster=user).update(poster=None, username=PSEUDONYM, anonymous_key=None)
    Post.objects.filter(updated_by=user).update(updated_by=None)
    Topic.objects.filter(poster=user).update(poster=None)
    user.topic_subscriptions.clear()
    return topic_ids


def erase(user: User | None = None, email: str | None = None) -> dict[str, int]:
    """Remove the person's data (see the module's policy); returns what was done, by kind."""
    emails = emails_of(user, email)
    done: dict[str, int] = {}
    files = []
    with transaction.atomic():
        visits = visit_requests_from(sorted(emails))
        done["visit_requests"] = visits.delete()[0]
        done["throttle_records"] = _throttle_records(
            emails | ({user.get_username()} if user else set())
        )
        if user is not None:
            topic_ids = _forum(user)
            done["threads"] = len(topic_ids)
            forum_profile = ForumProfile.objects.filter(user=user).first()
            if forum_profile is not None and forum_profile.avatar:
                files.append(forum_profile.avatar)
            done["revisions"] = Revision.objects.filter(user=user).update(user=None)
            # Wagtail's log entries hold the user without a constraint: never left pointing at
            # an id a later account could get.
            for model in (PageLogEntry, ModelLogEntry):
                model.objects.filter(user_id=user.pk).update(user=None)
            done["sessions"] = Session.objects.filter(pk__in=_sessions_of(user.pk)).delete()[0]
            profile_ids = list(Profile.objects.filter(user=user).values_list("pk", flat=True))
            user.delete()  # the rest cascades: profiles, votes, read tracking, confirmations
            for topic_id in topic_ids:
                record("thread", topic_id)
            for profile_id in profile_ids:
                record("person", profile_id)
        for stored in files:
            transaction.on_commit(lambda f=stored: f.storage.delete(f.name))
    return done
