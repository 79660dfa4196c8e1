"""A profile's change is recorded in the search outbox, in the change's own transaction
(search.services.record): the drain re-reads it and indexes it only while it is public. It also
makes every stored page stale (tavolone.pagecache): names and profile links show on topics,
space pages and lists, and a person who hides their profile or leaves must vanish from them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from people.models import Profile, ProfileTag
from search.services import record
from tavolone.pagecache.events import everything as purge_pages


def profile_changed(sender, instance, **kwargs) -> None:
    record("person", instance.pk)
    purge_pages()


def skills_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Profile):
        record("person", instance.pk)


def tag_changed(sender, instance, **kwargs) -> None:
    record("person", instance.content_object_id)


def user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    # A deactivated account's profile leaves the index; a renamed one changes its title. A
    # login only stamps last_login: nothing to index.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    purge_pages()  # a renamed or removed member's name is on their posts
    profile_id = Profile.objects.filter(user_id=instance.pk).values_list("pk", flat=True).first()
    if profile_id is not None:
        record("person", profile_id)


def connect() -> None:
    uid = "tavolone_people"
    for signal in (post_save, post_delete):
        signal.connect(profile_changed, Profile, dispatch_uid=f"{uid}_profile_{signal}")
        signal.connect(tag_changed, ProfileTag, dispatch_uid=f"{uid}_tag_{signal}")
    m2m_changed.connect(skills_changed, Profile.skills.through, dispatch_uid=f"{uid}_skills")
    post_save.connect(user_changed, get_user_model(), dispatch_uid=f"{uid}_user")
    post_delete.connect(purge_pages, get_user_model(), dispatch_uid=f"{uid}_user_deleted")
