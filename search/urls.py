from django.urls import path

from search import views
from tavolone.lib.routes import in_both_languages

urlpatterns = [
    *in_both_languages("cerca/", "search/", views.search, "search"),
    path("api/search", views.api_search, name="api_search"),
    path("api/autocomplete", views.api_autocomplete, name="api_autocomplete"),
    path("api/suggest", views.api_suggest, name="api_suggest"),
]
