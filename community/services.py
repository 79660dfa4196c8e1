"""What other apps may ask of `community`: a few named functions, no internals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from community.listings import featured_and_map, news_cards, paginate
from community.models import NewsPage, SpacePage, VisitRequest, visible
from community.roles import EDITORS

__all__ = ["EDITORS", "paginate"]  # shared as they are: the editors' group, the page helper


def home_blocks(request: HttpRequest, home: Page | None = None) -> dict[str, Any]:
    """Context for the home page: featured spaces, all spaces' map pins, latest news.

    Visible pages only (live, public, not expired); a fixed number of queries.
    """
    news = news_cards(visible(NewsPage.objects.all()).order_by("-date", "-pk"))[:3]
    blocks = featured_and_map(home, request) if home is not None else {}
    if home is None:
        blocks = {"featured_spaces": list(visible(SpacePage.objects.all()).order_by("title")[:6])}
    return {**blocks, "latest_news": list(news)}


def visible_spaces() -> Any:
    """Every space a visitor may see (live, public, not expired), for other apps' listings."""
    return visible(SpacePage.objects.all())


def visible_news() -> Any:
    """Every news article a visitor may see, newest first."""
    return visible(NewsPage.objects.all()).order_by("-date", "-pk")


def all_spaces() -> Any:
    """Every space page, drafts included (demo loaders and data exports, never listings)."""
    return SpacePage.objects.all()


def spaces_hosted_by(user) -> Any:
    """The space pages `user` hosts."""
    return SpacePage.objects.filter(hosts=user)


def news_by(user) -> Any:
    """The news articles `user` is named the author of."""
    return NewsPage.objects.filter(author=user)


def visit_requests_from(emails: list[str]) -> Any:
    """Visit requests sent from any of `emails` (case-insensitive): a person's own data."""
    rows = VisitRequest.objects.none()
    for email in emails:
        rows = rows | VisitRequest.objects.filter(email__iexact=email)
    return rows
