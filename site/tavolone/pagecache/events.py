"""Every change that alters a public page, mapped to the tags of the pages that show it.

Connected to the same signals as the search index's outbox (search/signals.py), beside it.
Bumps happen after the commit (tags.bump): a rolled-back change purges nothing.

  page published/unpublished (also scheduled go-live and expiry, by the worker), deleted
      → the page, and the lists of its kind (spaces, news or other pages)
  page moved, view restriction changed, forum permissions changed, forum renamed/deleted,
  a Wagtail Site saved or deleted
      → everything (GLOBAL): URLs or visibility change across the site
  post created/edited/approved/deleted, topic saved (locked, stickied, moved)
      → the topic, its forum and the forum's ancestors (old and new when moved), the forum
        index and home ("forum"), the space pages of those forums, the article whose
        discussion the topic is
  poll vote → the topic; article discussion linked → the article
  space freshness confirmed (community.freshness.confirm) → the space and the directory
  a forum profile's avatar or signature changed → everything (shown beside every post; the
      person's own profile purges the same way: people/signals.py)
  a member's groups or pending email confirmation changed → their own tag (what is remembered
      of their permissions, memo.py); a group deleted → everything
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from machina.core.db.models import get_model
from wagtail.models import Page, PageViewRestriction, Site

from community.models import Amenity
from tavolone.accounts.models import PendingEmailConfirmation
from tavolone.lib.page_signals import connect_page_life
from tavolone.pagecache.memo import user_tag
from tavolone.pagecache.policy import FORUM, SPACES, page_family, poster
from tavolone.pagecache.tags import GLOBAL, bump

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
UserForumPermission = get_model("forum_permission", "UserForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")

# What a forum lends to other pages (breadcrumbs, thread lines, space pages).
FORUM_FIELDS = ("name", "slug", "space_page_id", "parent_id", "type", "link")


def page_changed(page: Page) -> None:
    """A page's content or state changed: itself and the lists that show pages of its kind."""
    bump(f"page:{page.pk}", page_family(page.specific_deferred))


def space_confirmed(space: Page) -> None:
    bump(f"page:{space.pk}", SPACES)


def everything(*args, **kwargs) -> None:
    bump(GLOBAL)


def forum_tags(*forum_ids: int | None) -> list[str]:
    """The forums, their ancestors and the space pages that show their threads."""
    tags = [FORUM]
    for forum in Forum.objects.filter(pk__in=[pk for pk in forum_ids if pk]):
        ancestors = forum.get_ancestors(include_self=True).values_list("pk", "space_page_id")
        for pk, space_page_id in ancestors:
            tags += [f"forum:{pk}", *([f"page:{space_page_id}"] if space_page_id else [])]
    return tags


def topic_tags(topic_id: int, *forum_ids: int | None) -> list[str]:
    """A topic, the article it discusses (if it does) and its forums' tags."""
    articles = NewsTopic.objects.filter(topic_id=topic_id).values_list("page_id", flat=True)
    return [f"topic:{topic_id}", *(f"page:{pk}" for pk in articles if pk), *forum_tags(*forum_ids)]


def _published(sender, instance, **kwargs) -> None:
    page_changed(instance)


def _page_deleted(sender, instance, **kwargs) -> None:
    if sender is Page:
        page_changed(instance)


def _post_changed(sender, instance, **kwargs) -> None:
    if instance.topic_id:
        topic = Topic.objects.filter(pk=instance.topic_id).values_list("forum_id").first()
        bump(*topic_tags(instance.topic_id, topic[0] if topic else None))


def _topic_saving(sender, instance, **kwargs) -> None:
    stored = Topic.objects.filter(pk=instance.pk).values_list("forum_id").first()
    instance._pagecache_old_forum_id = stored[0] if stored else None


def _topic_changed(sender, instance, **kwargs) -> None:
    old = getattr(instance, "_pagecache_old_forum_id", None)
    bump(*topic_tags(instance.pk, instance.forum_id, old))


def _forum_saving(sender, instance, **kwargs) -> None:
    stored = Forum.objects.filter(pk=instance.pk).values_list(*FORUM_FIELDS).first()
    current = tuple(getattr(instance, name, None) for name in FORUM_FIELDS)
    instance._pagecache_renamed = stored is not None and tuple(stored) != current


def _forum_changed(sender, instance, **kwargs) -> None:
    if getattr(instance, "_pagecache_renamed", False):
        bump(GLOBAL)
        return
    tags = forum_tags(instance.pk)
    if instance.space_page_id:  # a space's new forum: its page shows the forum's threads
        tags.append(f"page:{instance.space_page_id}")
    bump(*tags)


def _news_topic_changed(sender, instance, **kwargs) -> None:
    bump(f"topic:{instance.topic_id}", *([f"page:{instance.page_id}"] if instance.page_id else []))


def _vote_changed(sender, instance, **kwargs) -> None:
    try:
        topic_id = instance.poll_option.poll.topic_id
    except Exception:  # the option went with its poll: the topic's own save bumps the topic
        return
    bump(f"topic:{topic_id}")


# What posts show of a forum profile besides its count of posts (which moves only the poster's tag).
FORUM_PROFILE_FIELDS = ("avatar", "signature")


def _shown_of(value) -> str:
    # A markup field gives its text (.raw), an image field its file's name; either may be empty.
    value = getattr(value, "raw", getattr(value, "name", value))
    return value or ""


def _forum_profile_saving(sender, instance, **kwargs) -> None:
    stored = ForumProfile.objects.filter(pk=instance.pk).values_list(*FORUM_PROFILE_FIELDS)
    before = stored.first()
    current = tuple(_shown_of(getattr(instance, name)) for name in FORUM_PROFILE_FIELDS)
    instance._pagecache_shown_changed = before is not None and (
        tuple(_shown_of(value) for value in before) != current
    )


def _forum_profile_changed(sender, instance, **kwargs) -> None:
    # Saved by machina on each of the member's approved posts (their count, beside every post
    # of theirs on other topics' pages too), and by the member's own edits.
    tags = [poster(instance.user_id)]
    if getattr(instance, "_pagecache_shown_changed", False):
        tags.append(GLOBAL)  # the avatar is shown on people's pages too
    bump(*tags)


def _amenity_changed(sender, instance, **kwargs) -> None:
    bump(SPACES)  # the vocabulary shown on space pages and the directory's filters


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:  # user.groups.add(…): one member
        bump(user_tag(instance))
    elif pk_set is not None:  # group.user_set.add(…): these members
        bump(*(f"user:{pk}" for pk in pk_set))
    else:  # group.user_set.clear(): members unknown by now
        bump(GLOBAL)


def _confirmation_changed(sender, instance, **kwargs) -> None:
    bump(f"user:{instance.user_id}")


def connect() -> None:
    uid = "tavolone_pagecache"
    connect_page_life(uid, changed=_published, moved=everything, deleted=_page_deleted)
    pre_save.connect(_topic_saving, Topic, dispatch_uid=f"{uid}_topic_saving")
    pre_save.connect(_forum_saving, Forum, dispatch_uid=f"{uid}_forum_saving")
    post_delete.connect(everything, Forum, dispatch_uid=f"{uid}_forum_delete")
    post_save.connect(_forum_changed, Forum, dispatch_uid=f"{uid}_forum_save")
    pre_save.connect(_forum_profile_saving, ForumProfile, dispatch_uid=f"{uid}_fprofile_saving")
    post_save.connect(_forum_profile_changed, ForumProfile, dispatch_uid=f"{uid}_fprofile_save")
    m2m_changed.connect(_groups_changed, User.groups.through, dispatch_uid=f"{uid}_user_groups")
    post_delete.connect(everything, Group, dispatch_uid=f"{uid}_group_delete")
    for signal in (post_save, post_delete):
        name = "save" if signal is post_save else "delete"
        signal.connect(everything, PageViewRestriction, dispatch_uid=f"{uid}_pvr_{name}")
        signal.connect(everything, Site, dispatch_uid=f"{uid}_site_{name}")
        signal.connect(_post_changed, Post, dispatch_uid=f"{uid}_post_{name}")
        signal.connect(_topic_changed, Topic, dispatch_uid=f"{uid}_topic_{name}")
        signal.connect(_news_topic_changed, NewsTopic, dispatch_uid=f"{uid}_newstopic_{name}")
        signal.connect(_vote_changed, TopicPollVote, dispatch_uid=f"{uid}_vote_{name}")
        signal.connect(_amenity_changed, Amenity, dispatch_uid=f"{uid}_amenity_{name}")
        signal.connect(
            _confirmation_changed, PendingEmailConfirmation, dispatch_uid=f"{uid}_pending_{name}"
        )
        for model in (UserForumPermission, GroupForumPermission):
            signal.connect(everything, model, dispatch_uid=f"{uid}_{model.__name__}_{name}")
