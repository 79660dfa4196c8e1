from django.urls import include, path

from tavolone.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # login, logout, password_change, password_reset and their confirmation pages
    path("", include("django.contrib.auth.urls")),
]
