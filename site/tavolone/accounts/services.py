"""What other apps may ask the accounts app."""

from __future__ import annotations

from tavolone.accounts import confirmation


def awaiting_confirmation(user) -> bool:
    """A member who signed up and has not confirmed the email address yet: they may sign in and
    read, not write (forum topics, replies, poll votes). Accounts that never went through
    sign-up (existing, demo, admin-made) are not awaiting anything."""
    return bool(user.is_authenticated) and not confirmation.is_confirmed(user)
