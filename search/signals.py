"""Every change that affects search records an outbox row in the change's own transaction.

A rolled-back change leaves no row (the row rolls back with it); a committed one is applied
by the background worker (`manage.py worker`), never in the request. Receivers only record ids:
the drain re-reads the current state, so the order and number of signals do not matter.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from machina.core.db.models import get_model
from wagtail.models import Page, PageViewRestriction

from search.services import record
from tavolone.lib.page_signals import connect_page_life

Forum = get_model("forum", "Forum")
NewsTopic = get_model("forum", "NewsTopic")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
UserForumPermission = get_model("forum_permission", "UserForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")


def _page_and_descendants(page: Page) -> None:
    # Leaf pages (spaces, news) have no descendants: one cheap query; an index page moved or
    # made private changes the URL or visibility of everything under it.
    record("page", page.pk)
    for pk in Page.objects.descendant_of(page).values_list("pk", flat=True):
        record("page", pk)


def page_changed(sender, instance, **kwargs) -> None:
    record("page", instance.pk)


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        record("page", instance.pk)


def page_deleting(sender, instance, **kwargs) -> None:
    # The deletion clears an article's link to its discussion: note the thread while it is known.
    if sender is Page:
        for topic_id in NewsTopic.objects.filter(page_id=instance.pk).values_list("topic_id"):
            record("thread", topic_id[0])


def page_moved(sender, instance, **kwargs) -> None:
    _page_and_descendants(instance)


def restriction_changed(sender, instance, **kwargs) -> None:
    try:
        page = instance.page
    except Page.DoesNotExist:
        return
    _page_and_descendants(page)


def post_changed(sender, instance, **kwargs) -> None:
    if instance.topic_id:
        record("thread", instance.topic_id)


def topic_changed(sender, instance, **kwargs) -> None:
    record("thread", instance.pk)


# What a forum lends its threads' documents (name, URL, place). machina saves the forum on every
# post to update its counters: reindexing all its threads then would cost seconds per post.
FORUM_FIELDS = ("name", "slug", "space_page_id", "parent_id", "type")


def _forum_fields(forum) -> tuple:
    return tuple(getattr(forum, name, None) for name in FORUM_FIELDS)


def forum_saving(sender, instance, **kwargs) -> None:
    stored = Forum.objects.filter(pk=instance.pk).values_list(*FORUM_FIELDS).first()
    instance._search_fields_changed = stored is None or tuple(stored) != _forum_fields(instance)


def forum_changed(sender, instance, **kwargs) -> None:
    if getattr(instance, "_search_fields_changed", True):
        record("forum", instance.pk)


def forum_permission_changed(sender, instance, **kwargs) -> None:
    # Who may read a forum decides whether its words may feed public suggestions.
    forum_ids = (
        [instance.forum_id] if instance.forum_id else Forum.objects.values_list("pk", flat=True)
    )
    for pk in forum_ids:
        record("forum", pk)


def amenity_changed(sender, instance, **kwargs) -> None:
    # Its names are words of its spaces' documents, its slug a facet value (before a deletion
    # clears the links: pre_delete).
    for pk in instance.spaces.values_list("pk", flat=True):
        record("page", pk)


def skill_changed(sender, instance, **kwargs) -> None:
    for pk in instance.profiles.values_list("pk", flat=True):
        record("person", pk)


def connect() -> None:
    uid = "tavolone_search"
    connect_page_life(uid, changed=page_changed, moved=page_moved, deleted=page_deleted)
    pre_delete.connect(page_deleting, dispatch_uid=f"{uid}_page_deleting")
    pre_save.connect(forum_saving, Forum, dispatch_uid=f"{uid}_forum_saving")
    # (Named lazily: search reaches community's models only through its sources.)
    for model, receiver in (
        ("community.Amenity", amenity_changed),
        ("people.Skill", skill_changed),
    ):
        post_save.connect(receiver, model, dispatch_uid=f"{uid}_{model}_save")
        pre_delete.connect(receiver, model, dispatch_uid=f"{uid}_{model}_delete")
    for signal in (post_save, post_delete):
        name = signal is post_save and "save" or "delete"
        signal.connect(restriction_changed, PageViewRestriction, dispatch_uid=f"{uid}_pvr_{name}")
        signal.connect(post_changed, Post, dispatch_uid=f"{uid}_post_{name}")
        signal.connect(topic_changed, Topic, dispatch_uid=f"{uid}_topic_{name}")
        signal.connect(forum_changed, Forum, dispatch_uid=f"{uid}_forum_{name}")
        for model in (UserForumPermission, GroupForumPermission):
            signal.connect(
                forum_permission_changed, model, dispatch_uid=f"{uid}_{model.__name__}_{name}"
            )
