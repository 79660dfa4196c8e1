from django.urls import include, path

from tavolone.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("confirm/", views.confirmation_status, name="confirmation_status"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    # login (throttled by django-axes), logout, password change and reset confirmation pages
    path("", include("django.contrib.auth.urls")),
]
