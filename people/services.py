"""What other apps may ask of `people`: whose profile a reader may see, and where.

The one rule: a profile is seen by its owner always; by any signed-in active member when its
visibility is "members"; by everyone when "public"; by nobody else when "hidden" (the default),
moderators and hosts included. Every surface (directory, profile page, a space's coworkers,
hosts, forum post authors) asks here.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from people.models import Profile
from tavolone.lib.links import cached_reverse

Reader = User | AnonymousUser


def _is_member(reader: Reader) -> bool:
    return bool(reader.is_authenticated and reader.is_active)


def shown_levels(reader: Reader) -> list[str]:
    """The visibility levels `reader` may see of other people's profiles."""
    if _is_member(reader):
        return [Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS]
    return [Profile.Visibility.PUBLIC]


def visible_profiles(reader: Reader, include_own: bool = False) -> QuerySet[Profile]:
    """Profiles `reader` may see of other people (and their own one with `include_own`)."""
    q = Q(visibility__in=shown_levels(reader), user__is_active=True)
    if include_own and reader.is_authenticated:
        q |= Q(user=reader)
    return Profile.objects.filter(q)


def can_see(profile: Profile, reader: Reader) -> bool:
    if reader.is_authenticated and profile.user_id == reader.pk:
        return True
    return profile.user.is_active and profile.visibility in shown_levels(reader)


def profile_of(user: User) -> Profile:
    """The user's profile, made (hidden) the first time it is asked for."""
    return Profile.objects.get_or_create(user=user)[0]


def shown_profile(user: User | None, reader: Reader) -> Profile | None:
    """`user`'s profile if `reader` may see it, else None (no profile yet: None)."""
    if user is None:
        return None
    try:
        profile = user.person
    except Profile.DoesNotExist:
        return None
    return profile if can_see(profile, reader) else None


def profile_url(profile: Profile) -> str:
    return cached_reverse("person", profile.pk)  # beside every post of a topic page


def searchable_profiles(ids=None) -> QuerySet[Profile]:
    """What the unified search indexes: public and members-only profiles of active accounts
    (search.sources marks the members-only ones readable by signed-in members alone); hidden
    ones never reach the index."""
    shown = [Profile.Visibility.PUBLIC, Profile.Visibility.MEMBERS]
    profiles = Profile.objects.filter(visibility__in=shown, user__is_active=True)
    if ids is not None:
        profiles = profiles.filter(pk__in=list(ids))
    return profiles.select_related("user").prefetch_related("skills", "tags").order_by("pk")
