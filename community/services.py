"""What other apps may ask of `community`: a few named functions, no internals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from community.models import NewsPage, SpacePage


def home_blocks(request: HttpRequest) -> dict[str, Any]:
    """Context for the home page: featured spaces and latest news, live and public only."""
    spaces = SpacePage.objects.live().public().order_by("title")[:6]
    news = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
    return {"featured_spaces": spaces, "latest_news": news}
