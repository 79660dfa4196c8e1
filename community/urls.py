from django.urls import path

from community import freshness_views
from community.feeds import NewsAtomFeed, NewsRssFeed

urlpatterns: list = [
    path("news/feed/rss/", NewsRssFeed(), name="news_feed_rss"),
    path("news/feed/atom/", NewsAtomFeed(), name="news_feed_atom"),
    # Space data freshness (roles & workflow engineer)
    path(
        "spazi/dati/<int:page_id>/conferma/",
        freshness_views.confirm_space,
        name="space_confirm_data",
    ),
    path(
        "spazi/dati/<int:page_id>/segnala/",
        freshness_views.report_outdated,
        name="space_report_outdated",
    ),
]
