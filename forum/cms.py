"""The CMS side of the forum: a forum per space page, a topic per news article.

The forum knows no page type: community tells it, through forum/services.py, which pages are
spaces or articles and what to show of them (community/receivers.py). Page-wide events that
need no page type (unpublishing, deletion, moves, restrictions) come from forum/receivers.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from machina.core.db.models import get_model
from wagtail.models import Page

from forum import boards

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")


def board(key: str):
    return Forum.objects.get(board_key=key)


# --- spaces ---------------------------------------------------------------------------------------


def space_forum(page):
    return Forum.objects.filter(space_page_id=page.pk).first()


@transaction.atomic
def sync_space_forum(page: Page, *, name: str, description: str, hosts: Iterable):
    """Create or update the forum of a live space page; reopen it; give its hosts moderation."""
    if not page.live:  # a revision scheduled ahead: nothing may show before the page does
        close_space_forum(page.pk)
        return space_forum(page)
    forum = space_forum(page)
    name = name[: Forum._meta.get_field("name").max_length]
    if forum is None:
        forum = Forum(
            parent=board(boards.SPACES_SLUG), space_page=page, type=Forum.FORUM_POST, name=name
        )
    forum.name, forum.description, forum.is_closed = name, description, False
    forum.save()
    sync_space_hosts(forum, hosts)
    sync_hosts_group()
    return forum


def close_space_forum(page_id: int) -> None:
    """An unpublished or deleted space's forum stays readable but takes no new posts."""
    forum = Forum.objects.filter(space_page_id=page_id).first()
    if forum is not None:
        forum.is_closed = True
        forum.save()
        sync_space_hosts(forum, [])
    sync_hosts_group(exclude_page_id=page_id)


def sync_space_hosts(forum, hosts) -> None:
    """The hosts of a space moderate its forum (per-forum user permissions)."""
    perms = [ForumPermission.objects.get_or_create(codename=c)[0] for c in boards.HOST_PERMS]
    host_ids = {user.pk for user in hosts}
    UserForumPermission.objects.filter(
        forum=forum, permission__in=perms, user__isnull=False
    ).exclude(user_id__in=host_ids).delete()
    for user_id in host_ids:
        for perm in perms:
            UserForumPermission.objects.get_or_create(
                forum=forum, permission=perm, user_id=user_id, defaults={"has_perm": True}
            )


def sync_hosts_group(exclude_page_id: int | None = None) -> None:
    """The "Space hosts" group holds exactly the hosts of live space pages (the Host forum)."""
    group, _created = Group.objects.get_or_create(name=boards.SPACE_HOSTS_GROUP)
    forums = Forum.objects.filter(space_page__live=True, is_closed=False)
    if exclude_page_id is not None:
        forums = forums.exclude(space_page_id=exclude_page_id)
    host_ids = UserForumPermission.objects.filter(
        forum__in=forums,
        permission__codename=boards.HOST_PERMS[0],
        has_perm=True,
        user__isnull=False,
    ).values_list("user_id", flat=True)
    group.user_set.set(get_user_model().objects.filter(pk__in=host_ids))


# --- news -----------------------------------------------------------------------------------------


def news_topic(page):
    link = NewsTopic.objects.select_related("topic", "topic__forum").filter(page_id=page.pk).first()
    return link.topic if link else None


def _news_first_post(page: Page, intro: str) -> str:
    more = _("Read the article")
    return f"{intro}\n\n[{more}]({page.url or '/'})"


@transaction.atomic
def sync_news_topic(page: Page, *, intro: str):
    """Create or update the discussion topic of a live news article, and reopen it."""
    if not page.live:  # a revision scheduled ahead: nothing may show before the page does
        lock_news_topic(page.pk)
        return news_topic(page)
    topic = news_topic(page)
    subject = page.title[:255]
    if topic is None:
        topic = Topic.objects.create(
            forum=board(boards.NEWS_SLUG),
            subject=subject,
            poster=page.owner,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(
            topic=topic,
            poster=page.owner,
            username=None if page.owner else "Tavolone",
            subject=subject,
            content=_news_first_post(page, intro),
            approved=True,
        )
        NewsTopic.objects.create(page=page, topic=topic)
        return topic
    first = topic.first_post
    if first is not None:
        first.subject, first.content = subject, _news_first_post(page, intro)
        first.save()
    topic.refresh_from_db()
    topic.subject, topic.status = subject, Topic.TOPIC_UNLOCKED
    topic.save()
    return topic


def lock_news_topic(page_id: int) -> None:
    """An unpublished or deleted article's discussion stays readable but takes no replies."""
    for link in NewsTopic.objects.select_related("topic").filter(page_id=page_id):
        link.topic.status = Topic.TOPIC_LOCKED
        link.topic.save()


# --- dispatch -------------------------------------------------------------------------------------


def page_unpublished(page_id: int) -> None:
    """Unpublished (by an editor, the scheduler's expiry, or Wagtail before a deletion)."""
    page_withdrawn(page_id)
    refresh_counters([page_id])


def page_withdrawn(page_id: int) -> None:
    """Unpublished or deleted: close what belongs to the page."""
    close_space_forum(page_id)
    lock_news_topic(page_id)


def refresh_counters(page_ids) -> None:
    """Recount the forums holding the discussions of these pages (ids or a subquery): whether
    a discussion counts and may show as a forum's last post follows its article's visibility
    (Forum.update_trackers)."""
    forum_ids = Topic.objects.filter(news_link__page_id__in=page_ids).values("forum_id")
    for forum in Forum.objects.filter(pk__in=forum_ids):
        forum.update_trackers()


def refresh_counters_under(page) -> None:
    """A restriction or a move on `page` changes the visibility of everything under it."""
    refresh_counters(Page.objects.descendant_of(page, inclusive=True).values("pk"))


def refresh_counters_of_orphans() -> None:
    """After a deletion: the discussions that lost their article no longer count."""
    forum_ids = Topic.objects.filter(news_link__page__isnull=True).values("forum_id")
    for forum in Forum.objects.filter(pk__in=forum_ids):
        forum.update_trackers()
