"""What a request's page depends on and how long shared caches may keep it: declared by the view
(by URL name or page type: policy.py), completed by the view once its rows are read
(`depends_on`), read by the site cache's middleware. Imports no app: the forum uses it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest

from tavolone.pagecache.tags import GLOBAL


@dataclass(frozen=True)
class Policy:
    max_age: int  # seconds a shared cache may reuse the page without asking (s-maxage)
    tags: tuple[str, ...] = ()
    site_cache: bool = True  # whole page stored by the site (False: headers only)
    topic_view: int | None = None  # a view of this topic is counted, also when served stored

    @property
    def all_tags(self) -> tuple[str, ...]:
        return (GLOBAL, *self.tags)


def declare(request: HttpRequest, policy: Policy) -> None:
    request.page_cache_policy = policy


def declared(request: HttpRequest) -> Policy | None:
    return getattr(request, "page_cache_policy", None)


def depends_on(request: HttpRequest, *tags: str) -> None:
    """Add `tags` to the page's declared policy: what the view found it shows (the posters of a
    topic's page), known once its rows are read."""
    policy = declared(request)
    if policy is not None and tags:
        declare(request, replace(policy, tags=(*policy.tags, *tags)))


def poster(user_id: int) -> str:
    """What is shown beside each of a member's posts: their count of posts, avatar, signature."""
    return f"poster:{user_id}"
