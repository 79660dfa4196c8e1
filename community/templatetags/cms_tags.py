"""Small template helpers for the CMS pages."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def map_tiles_url() -> str:
    """The tile URL template for Leaflet (settings.MAP_TILES_URL); empty means no base map."""
    return getattr(settings, "MAP_TILES_URL", "")
