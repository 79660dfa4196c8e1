"""Purges of the HTTP cache in front (Varnish, docs/deploy/varnish.vcl), beside the site cache.

Public pages name their tags in `Cache-Tags` (middleware.py); every bump of the site cache's
tags (tags.bump_now, after the commit) also bans those tags in Varnish, so a page leaves both
caches on the same events. Wagtail's frontend cache invalidation (its publish/unpublish hooks)
purges page URLs through the same backend. Configured by HTTP_CACHE_PURGE_URL (settings.py:
WAGTAILFRONTENDCACHE); unset, nothing is sent. A purge that fails is logged and never fails
the change: the page's s-maxage bounds how long Varnish may then keep it.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)

HEADER = "Cache-Tags"
TIMEOUT = 2.0  # seconds: a loopback cache answers in about one millisecond
TAG = re.compile(r"^[a-z0-9:_-]+$")  # what the VCL accepts in a ban (no regex metacharacters)
# Straight to the configured address, whatever http_proxy the environment sets.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _Request(urllib.request.Request):
    def __init__(self, method: str, url: str, headers: dict[str, str]) -> None:
        super().__init__(url, headers=headers, method=method)


class VarnishBackend(BaseBackend):
    """Wagtail's frontend cache backend for our VCL: PURGE by URL, BAN by tag.

    WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "tavolone.pagecache.purge.VarnishBackend",
    "LOCATION": "http://127.0.0.1:6081"}}
    """

    def __init__(self, params: dict) -> None:
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")

    def purge(self, url: str) -> None:
        # Every language variant of that page (the VCL bans on host and path).
        parts = urlsplit(url)
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        self._send("PURGE", path, {"Host": parts.netloc})

    def ban_tags(self, tags: Iterable[str]) -> None:
        """Drop every stored page tagged with any of `tags`."""
        tags = sorted({tag for tag in tags if TAG.match(tag)})
        if tags:
            self._send("BAN", "/", {HEADER: " ".join(tags)})

    def _send(self, method: str, path: str, headers: dict[str, str]) -> None:
        request = _Request(method, self.location + path, headers)
        try:
            with _opener.open(request, timeout=TIMEOUT):
                pass
        except (urllib.error.URLError, OSError) as exc:
            logger.warning("HTTP cache %s %s %s failed: %s", method, path, headers, exc)


def ban_tags(tags: Iterable[str]) -> None:
    """Ban `tags` in every configured HTTP cache that bans by tag (none: nothing is sent)."""
    tags = list(tags)
    for backend in get_backends().values():
        if hasattr(backend, "ban_tags"):
            backend.ban_tags(tags)
