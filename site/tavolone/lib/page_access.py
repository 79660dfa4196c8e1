"""Who may see a page: the one rule behind every surface derived from a page (its discussion
thread, its space's forum), for a given user.

A page is seen by a user when it is live, not past its expiry, and the user passes every view
restriction on it and on its ancestors, as Wagtail's `serve` would let them in: a login
restriction lets in signed-in users, a group restriction the members of its groups (and
superusers). A password restriction lets nobody in here: derived surfaces cannot ask for it.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from tavolone.pagecache.memo import remembered
from tavolone.pagecache.tags import store


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


def restrictions() -> list[tuple[int, str, str]]:
    """Every view restriction as (id, type, restricted page's path), the same for everyone: read
    from the shared cache (a restriction's change or a move bumps every tag)."""
    return remembered(
        "view-restrictions",
        (),
        lambda: list(
            PageViewRestriction.objects.values_list("pk", "restriction_type", "page__path")
        ),
    )


def public_q(prefix: str = "") -> Q:
    """Pages outside every restricted section (Wagtail's `PageQuerySet.public()`, without its
    query)."""
    q = Q()
    for _, _, path in restrictions():
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


def page_access(user: User | AnonymousUser) -> PageAccess:
    """What `user` may see of the page tree (no query for visitors, two with group
    restrictions)."""
    rows = restrictions()
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


class CachedViewRestrictionsMixin:
    """A page type's `get_view_restrictions` without its two queries when no restriction is on
    the page or above it (Wagtail asks on every serve). An alias asks Wagtail: its source's
    restrictions apply."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not any(
            self.path.startswith(path) for _, _, path in restrictions()
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def routed_page(root, path_components: list[str]):
    """The page at `path_components` under `root` in two queries (its id and type, then the
    page), or None: Wagtail walks the tree with two queries per level. The same page as
    Wagtail's walk as long as no page type reroutes (a test checks that none does).

    The id and type of a path found are kept in the shared cache: then one query, and the page
    read must still be at that path under `root` (a move, a new slug or a deletion since: the
    path is looked up again), so that a kept row can never route to another page."""
    url_path = root.url_path + "".join(f"{part}/" for part in path_components)
    key = f"pc:route:{root.pk}:{hashlib.sha256(url_path.encode()).hexdigest()[:32]}"
    kept = store().get(key) if settings.SITE_CACHE_DATA else None
    if kept is not None:
        page = _page(*kept)
        if page is not None and page.url_path == url_path and page.path.startswith(root.path):
            return page
    row = (
        Page.objects.filter(url_path=url_path, path__startswith=root.path)
        .values_list("pk", "content_type_id")
        .first()
    )
    if row is None:
        return None
    if settings.SITE_CACHE_DATA:
        store().set(key, tuple(row), timeout=settings.SITE_CACHE_SECONDS)
    return _page(*row)


def _page(pk: int, content_type_id: int):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    # What a page type's template shows of its relations, read with it (e.g. an article's author)
    related = getattr(model, "route_select_related", ())
    return model.objects.filter(pk=pk).select_related(*related).first()
