from django.contrib.auth import views as auth_views
from django.urls import include, path

from tavolone.accounts import views
from tavolone.accounts.forms import ThrottledAuthenticationForm

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    # login, logout, password_change, password_reset and their confirmation pages
    path("", include("django.contrib.auth.urls")),
]
