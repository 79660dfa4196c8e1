"""Who may see a page: the one rule behind every surface derived from a page (its discussion
thread, its space's forum), for a given user.

A page is seen by a user when it is live, not past its expiry, and the user passes every view
restriction on it and on its ancestors, as Wagtail's `serve` would let them in: a login
restriction lets in signed-in users, a group restriction the members of its groups (and
superusers). A password restriction lets nobody in here: derived surfaces cannot ask for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.utils import timezone
from wagtail.models import BaseViewRestriction, PageViewRestriction


@dataclass(frozen=True)
class PageAccess:
    """The paths of the restricted sections a user may not enter, read once."""

    denied_paths: tuple[str, ...]
    now: datetime.datetime

    def q(self, prefix: str = "") -> Q:
        """Pages the user may see; `prefix` reaches a page through a relation (`"page__"`)."""
        q = Q(**{f"{prefix}live": True}) & ~Q(**{f"{prefix}expire_at__lte": self.now})
        for path in self.denied_paths:
            q &= ~Q(**{f"{prefix}path__startswith": path})
        return q

    def allows(self, live: bool | None, expire_at: datetime.datetime | None, path: str) -> bool:
        """The same rule for one page already read (its `live`, `expire_at` and `path`)."""
        if not live or (expire_at is not None and expire_at <= self.now):
            return False
        return not any(path.startswith(denied) for denied in self.denied_paths)


def _passes(restriction_type: str, group_ids: set[int], user, user_group_ids: set[int]) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if restriction_type == BaseViewRestriction.LOGIN:
        return True
    if restriction_type == BaseViewRestriction.GROUPS:
        return user.is_superuser or bool(group_ids & user_group_ids)
    return False  # a password, or a kind this rule does not know


def page_access(user: User | AnonymousUser) -> PageAccess:
    """What `user` may see of the page tree (two small queries, three with group restrictions)."""
    rows = list(PageViewRestriction.objects.values_list("pk", "restriction_type", "page__path"))
    groups: dict[int, set[int]] = {}
    user_groups: set[int] = set()
    if user.is_authenticated and any(kind == BaseViewRestriction.GROUPS for _, kind, _ in rows):
        links = PageViewRestriction.groups.through.objects.values_list(
            "pageviewrestriction_id", "group_id"
        )
        for restriction_id, group_id in links:
            groups.setdefault(restriction_id, set()).add(group_id)
        user_groups = set(user.groups.values_list("pk", flat=True))
    denied = tuple(
        path
        for pk, kind, path in rows
        if not _passes(kind, groups.get(pk, set()), user, user_groups)
    )
    return PageAccess(denied_paths=denied, now=timezone.now())
