from django.urls import path

from search import views

urlpatterns = [
    path("cerca/", views.search, name="search"),
    path("search/", views.search, name="search_en"),
    path("api/search", views.api_search, name="api_search"),
    path("api/autocomplete", views.api_autocomplete, name="api_autocomplete"),
    path("api/suggest", views.api_suggest, name="api_suggest"),
]
