from django.urls import path  # noqa: F401  (feeds and the report/contact endpoints land here)

urlpatterns: list = []
