"""What other apps may ask the accounts app."""

from __future__ import annotations

from tavolone.accounts import confirmation
from tavolone.pagecache.memo import member_name, remembered, user_tag


def awaiting_confirmation(user) -> bool:
    """A member who signed up and has not confirmed the email address yet: they may sign in and
    read, not write (forum topics, replies, poll votes). Accounts that never went through
    sign-up (existing, demo, admin-made) are not awaiting anything."""
    if not user.is_authenticated:
        return False
    # Asked on every page of a member: remembered until their confirmation row changes
    # (pagecache/events.py bumps their tag).
    name = member_name("awaiting-confirmation", user)
    return remembered(name, (user_tag(user),), lambda: not confirmation.is_confirmed(user))


def in_groups(user, names: tuple[str, ...]) -> bool:
    """Whether the active member `user` belongs to one of the groups `names` (asked on many
    pages: the editorial roles), remembered until their groups change (pagecache/events.py)."""
    if not user.is_authenticated or not user.is_active:
        return False

    def ask() -> bool:
        return user.groups.filter(name__in=names).exists()

    return remembered(member_name("in:" + ",".join(sorted(names)), user), (user_tag(user),), ask)
