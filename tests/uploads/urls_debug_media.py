"""The /media/ route `make run` has with DEBUG on (tests run with DEBUG off, so urls.py leaves
it out): the same view, mounted the way django.conf.urls.static mounts it."""

from django.conf import settings
from django.urls import re_path

from tavolone.home.views import serve_media
from tavolone.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
