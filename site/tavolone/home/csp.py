"""The Content-Security-Policy (django-csp): a strict one for the site, a looser one for the
admins (Wagtail's and Django's), whose pages still carry inline scripts and styles."""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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


def site_policy(tiles_url: str, frame_sources: list[str]) -> dict[str, list[str]]:
    """The site's directives. Scripts: our static files, plus inline ones that carry the request's
    nonce (`nonce="{{ request.csp_nonce }}"`). Images: ours and the map tiles only (forum posts may
    not embed third-party images). Style attributes stay allowed: machina's and Leaflet's markup
    sets a few, and img-src/font-src bound what CSS can load."""
    return {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *tiles_source(tiles_url)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF, *frame_sources],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }


def admin_policy(site: dict[str, list[str]]) -> dict[str, list[str]]:
    """Wagtail's and Django's admins (staff only) still use inline scripts and styles; previews,
    image choosers and embeds show editors' content from anywhere over HTTPS."""
    return {
        **site,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "frame-src": [SELF, "https:"],
    }


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = request.path_info.startswith(ADMIN_PREFIXES)
        if admin and not report_only and parts.config is None:
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts
