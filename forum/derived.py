"""What the forum derives from CMS pages may be seen only by those who may see the page.

A news article's discussion topic repeats its title and intro; a space's forum its name and
tagline. Each exists for a user only while that user may see the page (the site's one rule in
tavolone/lib/page_access.py: live, unexpired, every view restriction on the page and its
ancestors passed), so it follows
every change at once: publishing, scheduled go-live, expiry, unpublishing, a restriction added
or removed on the page or a section above it, a move, a deletion. Editors and moderators
oversee them all (they see what they are asked to moderate).

The one place the rule is applied from: the permission checker hides space forums, the
permission handler and the topic view refuse hidden topics, and machina's listings, the feeds,
the home blocks, the forum counters and search filter topics through `visible_topics`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from machina.core.db.models import get_model
from wagtail.models import Page

from forum import boards
from tavolone.accounts.services import in_groups
from tavolone.lib.page_access import PageAccess, page_access

NewsTopic = get_model("forum", "NewsTopic")
Forum = get_model("forum", "Forum")

OVERSEER_GROUPS = (boards.MODERATORS_GROUP, boards.EDITORS_GROUP)


class Viewer:
    """A user and what they may see of the page tree, each read once: a permission handler
    keeps one per user for its request (forum_permission/handler.py)."""

    def __init__(self, user: User | AnonymousUser):
        self.user = user

    @cached_property
    def oversees(self) -> bool:
        return oversees(self.user)

    @cached_property
    def access(self) -> PageAccess:
        return page_access(self.user)

    @cached_property
    def space_board_ids(self) -> set[int]:
        """The spaces board's forums (where a space's forum hangs), asked for by each list of
        forums checked for the user: once per request."""
        return set(Forum.objects.filter(board_key=boards.SPACES_SLUG).values_list("pk", flat=True))


def oversees(user: User | AnonymousUser) -> bool:
    """Staff, editors and moderators see derived threads and forums whatever their page's state."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return in_groups(user, OVERSEER_GROUPS)  # remembered until their groups change


def hidden_topic_ids(user: User | AnonymousUser, viewer: Viewer | None = None) -> QuerySet:
    """Ids (a subquery) of the discussion topics whose article `user` may not see: withdrawn,
    not yet live, expired, restricted beyond the user, or deleted."""
    viewer = viewer or Viewer(user)
    if viewer.oversees:
        return NewsTopic.objects.none().values("topic_id")
    seen = Page.objects.filter(viewer.access.q()).values("pk")
    return NewsTopic.objects.exclude(page__in=seen).values("topic_id")


def visible_topics(
    topics: QuerySet, user: User | AnonymousUser, viewer: Viewer | None = None
) -> QuerySet:
    """`topics` without those derived from a page `user` may not see."""
    return topics.exclude(pk__in=hidden_topic_ids(user, viewer))


def visible_posts(
    posts: QuerySet, user: User | AnonymousUser, viewer: Viewer | None = None
) -> QuerySet:
    """`posts` without those in topics derived from a page `user` may not see (a member's
    posts, a profile's recent posts: the head post of a discussion repeats its article)."""
    return posts.exclude(topic_id__in=hidden_topic_ids(user, viewer))


def without_empty_discussions(topics: QuerySet) -> QuerySet:
    """`topics` without the discussions of articles nobody has commented yet (only the head
    post, which repeats the article): latest-activity lists show real conversations."""
    return topics.exclude(posts_count__lte=1, pk__in=NewsTopic.objects.values("topic_id"))


def can_see_topic(topic, user: User | AnonymousUser, viewer: Viewer | None = None) -> bool:
    """Whether `user` may see this topic as far as its article is concerned (one query)."""
    row = (
        NewsTopic.objects.filter(topic_id=topic.pk)
        .values_list("page__live", "page__expire_at", "page__path")
        .first()
    )
    viewer = viewer or Viewer(user)
    if row is None or viewer.oversees:
        return True
    live, expire_at, path = row
    return path is not None and viewer.access.allows(live, expire_at, path)


def hidden_forum_ids(
    forums: Iterable, user: User | AnonymousUser, viewer: Viewer | None = None
) -> set[int]:
    """Space forums among `forums` whose space `user` may not see. A forum left in the spaces
    board without its page (the space was deleted) is hidden too."""
    forums = [f for f in forums if f is not None and f.board_key is None]
    viewer = viewer or Viewer(user)
    if not forums or viewer.oversees:
        return set()
    page_ids = {f.space_page_id for f in forums if f.space_page_id}
    hidden: set[int] = set()
    if page_ids:
        access = viewer.access
        rows = Page.objects.filter(pk__in=page_ids).values_list("pk", "live", "expire_at", "path")
        seen = {pk for pk, live, expire_at, path in rows if access.allows(live, expire_at, path)}
        hidden |= {f.pk for f in forums if f.space_page_id and f.space_page_id not in seen}
    orphans = [f for f in forums if not f.space_page_id and f.parent_id]
    if orphans:
        hidden |= {f.pk for f in orphans if f.parent_id in viewer.space_board_ids}
    return hidden


def without_hidden_last_posts(
    forums: Iterable, user: User | AnonymousUser, viewer: Viewer | None = None
) -> list:
    """`forums` as a list, each showing as its last post the latest one `user` may see: the
    stored counters follow an article's visibility when it changes, but an expiry only when
    the scheduler runs, and they are counted for visitors (forum index, forum lists)."""
    forums = list(forums)
    shown = [f for f in forums if f.last_post_id]
    viewer = viewer or Viewer(user)
    if not shown or viewer.oversees:
        return forums
    last_topics = {f.pk: f.last_post.topic_id for f in shown}
    hidden = set(
        hidden_topic_ids(user, viewer)
        .filter(topic_id__in=set(last_topics.values()))
        .values_list("topic_id", flat=True)
    )
    for forum in shown:
        if last_topics[forum.pk] in hidden:
            topics = visible_topics(forum.topics.filter(approved=True), user, viewer)
            topics = without_empty_discussions(topics)
            latest = topics.select_related("last_post__poster").order_by("-last_post_on").first()
            forum.last_post = latest.last_post if latest else None
            forum.last_post_on = latest.last_post_on if latest else None
    return forums
