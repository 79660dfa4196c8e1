# Our forum URLs, mounted under /forum/ before machina's own (same paths win here).
from django.urls import path

from forum import views

urlpatterns: list = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="forum_unsubscribe"),
    # machina's forum_search:search resolves to /forum/search/: answered here by a redirect.
    path("search/", views.search_redirect, name="forum_search_redirect"),
]
