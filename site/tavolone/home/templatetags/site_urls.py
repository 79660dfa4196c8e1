"""Absolute links in templates, from SITE_URL (never from the request's host)."""

from django import template

from tavolone.home import services

register = template.Library()


@register.simple_tag
def site_url() -> str:
    return services.site_url()


@register.filter
def absolute(path: str) -> str:
    """{{ "/news/"|absolute }} → https://…/news/"""
    return services.absolute_url(str(path))


@register.filter
def page_absolute_url(page) -> str:
    """{{ page|page_absolute_url }}: the page's public address (canonical links, og:url)."""
    return services.page_absolute_url(page)
