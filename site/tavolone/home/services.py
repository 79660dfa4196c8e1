"""The site's public address: every absolute link (emails, feeds, canonical links, sitemaps,
Wagtail's and Django's Site records) comes from the one SITE_URL setting.

Links never come from the request's Host header: a request on another allowed host (or a forged
one) must not change where an email or a feed points.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Upload checks and private files, for other apps.
from tavolone.home.images import BoundedImageField, check_image_dimensions  # noqa: F401
from tavolone.home.private_files import private_file_response, private_storage  # noqa: F401


class SiteAddress(NamedTuple):
    scheme: str
    hostname: str
    port: int
    netloc: str  # host[:port] as written in SITE_URL


def site_url() -> str:
    """SITE_URL without a trailing slash, e.g. https://tavolone.example.org."""
    return settings.SITE_URL.rstrip("/")


def site_address() -> SiteAddress:
    parts = urlsplit(site_url())
    scheme = parts.scheme or "http"
    port = parts.port or (443 if scheme == "https" else 80)
    return SiteAddress(scheme, parts.hostname or "", port, parts.netloc)


def absolute_url(path: str) -> str:
    """An absolute link to a path of this site ("/news/" → "https://…/news/")."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url() + "/" + path.lstrip("/")


def page_absolute_url(page) -> str:
    """A Wagtail page's public address under SITE_URL ("" when the page is not routable)."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def sync_sites(apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Point Django's Site (password resets, machina) and Wagtail's default Site (canonical
    links, sitemap, admin) at SITE_URL. `apps` is a migration's historical registry or the
    real one."""
    address = site_address()
    name = getattr(settings, "WAGTAIL_SITE_NAME", "Tavolone")
    DjangoSite = apps.get_model("sites", "Site")
    DjangoSite.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": address.netloc, "name": name}
    )
    WagtailSite = apps.get_model("wagtailcore", "Site")
    site = WagtailSite.objects.using(using).filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (address.hostname, address.port):
        site.hostname, site.port = address.hostname, address.port
        site.save(using=using)


def sync_sites_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: a changed SITE_URL is picked up by the next `migrate` (each release)."""
    tables = set(connections[using].introspection.table_names())
    if {"django_site", "wagtailcore_site"} <= tables:
        sync_sites(using=using)
