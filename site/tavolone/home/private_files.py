"""Private files: stored outside the public media folder, handed out only by views that checked
the user's permission first, and sent by the proxy when there is one (SENDFILE_MODE).

- none: Django streams the file (FileResponse), fine without a proxy;
- nginx: an empty response whose X-Accel-Redirect names the file under an `internal` location
  (SENDFILE_NGINX_LOCATION), which nginx serves and no client can request directly;
- apache: X-Sendfile with the file's path (mod_xsendfile).
"""

from __future__ import annotations

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT; it has no public URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return settings.SENDFILE_NGINX_LOCATION


def private_storage() -> PrivateStorage:
    return storages["private"]


def private_file_response(name: str, *, filename: str, content_type: str) -> HttpResponseBase:
    """A download of the private file `name`, offered as `filename` (quoted by Django)."""
    storage = private_storage()
    mode = settings.SENDFILE_MODE
    if mode == "nginx":
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        location = settings.SENDFILE_NGINX_LOCATION.rstrip("/") + "/"
        response["X-Accel-Redirect"] = location + quote(name)
    elif mode == "apache":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Whatever a file holds, the browser must not run or sniff it as a page of this site.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
