"""The Content-Security-Policy (django-csp): a strict one for the site, a looser one for the
admins (Wagtail's and Django's), whose pages still carry inline scripts and styles."""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def tiles_source(url: str) -> list[str]:
    """The CSP source of a Leaflet tile URL: https://{s}.tile.example/… → https://*.tile.example"""
    parts = urlsplit(url.replace("{s}", "x"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    host = parts.netloc
    if "{s}" in url.split("://", 1)[-1].split("/", 1)[0]:
        host = "*." + host.split(".", 1)[1]
    return [f"{parts.scheme}://{host}"]


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = request.path_info.startswith(ADMIN_PREFIXES)
        if admin and not report_only and parts.config is None:
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts
