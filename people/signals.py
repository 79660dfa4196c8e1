"""A profile's change is recorded in the search outbox, in the change's own transaction
(search.services.record): the drain re-reads it and indexes it only while it is public. It also
makes every stored page stale (tavolone.pagecache): names and profile links show on topics,
space pages and lists, and a person who hides their profile or leaves must vanish from them; a
free tag is shown only on its profile and the directory, which are all it purges."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from people.models import Profile, ProfileTag, Skill
from search.services import record
from tavolone.pagecache.events import everything as purge_pages
from tavolone.pagecache.policy import DIRECTORY
from tavolone.pagecache.tags import bump


def profile_changed(sender, instance, created: bool = False, **kwargs) -> None:
    record("person", instance.pk)
    if not (created and instance.visibility == Profile.Visibility.HIDDEN):  # new, shown nowhere
        purge_pages()


def skills_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Profile):
        record("person", instance.pk)
        if instance.visibility != Profile.Visibility.HIDDEN:
            purge_pages()  # shown on the profile, the directory and its space's page
    elif action.startswith("post_"):  # a skill's profiles changed from the skill's side
        for pk in kwargs.get("pk_set") or ():
            record("person", pk)
        purge_pages()


def tag_changed(sender, instance, **kwargs) -> None:
    record("person", instance.content_object_id)
    # Free tags show on the profile's page and its card in the directory, nowhere else; only
    # public profiles' pages are stored (the site cache keeps anonymous pages alone).
    pk = instance.content_object_id
    if Profile.objects.filter(pk=pk, visibility=Profile.Visibility.PUBLIC).exists():
        bump(f"person:{pk}", DIRECTORY)


def skill_changed(sender, instance, **kwargs) -> None:
    purge_pages()  # a renamed skill is shown under its new name on every profile holding it


SHOWN = ("username", "first_name", "last_name", "is_active")  # what pages show of a member


def _shown(user) -> tuple:
    return tuple(getattr(user, field) for field in SHOWN)


def user_saving(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk and (update_fields is None or set(update_fields) & set(SHOWN)):
        before = sender.objects.filter(pk=instance.pk).values_list(*SHOWN).first()
        instance._shown_before = tuple(before) if before else None


def user_changed(sender, instance, created: bool = False, update_fields=None, **kwargs) -> None:
    # A deactivated account's profile leaves the index; a renamed one changes its title. A
    # login only stamps last_login: nothing to index.
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return  # a new member has written nothing yet
    if getattr(instance, "_shown_before", None) not in (None, _shown(instance)):
        purge_pages()  # a renamed or deactivated member's name is on their posts
    profile_id = Profile.objects.filter(user_id=instance.pk).values_list("pk", flat=True).first()
    if profile_id is not None:
        record("person", profile_id)


def connect() -> None:
    uid = "tavolone_people"
    for signal in (post_save, post_delete):
        signal.connect(profile_changed, Profile, dispatch_uid=f"{uid}_profile_{signal}")
        signal.connect(tag_changed, ProfileTag, dispatch_uid=f"{uid}_tag_{signal}")
        signal.connect(skill_changed, Skill, dispatch_uid=f"{uid}_skill_{signal}")
    m2m_changed.connect(skills_changed, Profile.skills.through, dispatch_uid=f"{uid}_skills")
    pre_save.connect(user_saving, get_user_model(), dispatch_uid=f"{uid}_user_saving")
    post_save.connect(user_changed, get_user_model(), dispatch_uid=f"{uid}_user")
    post_delete.connect(purge_pages, get_user_model(), dispatch_uid=f"{uid}_user_deleted")
