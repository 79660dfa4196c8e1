"""One connection for what follows a Wagtail page's life (the search index, the stored pages)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move


def connect_page_life(uid: str, *, changed: Callable, moved: Callable, deleted: Callable) -> None:
    """`changed` after a page is published or unpublished, `moved` after a move, `deleted` after
    any model's deletion (the receiver tells pages apart); each once, by dispatch_uid from `uid`."""
    page_published.connect(changed, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(changed, dispatch_uid=f"{uid}_unpublished")
    post_page_move.connect(moved, dispatch_uid=f"{uid}_moved")
    post_delete.connect(deleted, dispatch_uid=f"{uid}_page_deleted")
