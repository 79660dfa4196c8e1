from django.urls import path

from search import views

urlpatterns = [
    path("cerca/", views.search, name="search"),
    path("search/", views.search, name="search_en"),
]
