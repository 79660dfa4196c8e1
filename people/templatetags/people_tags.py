"""Showing a person where the reader may see them: `{% person user %}` prints their name, linked
to their profile when its visibility lets the reader in; `{% space_coworkers page %}` lists a
space's coworkers who chose to be shown."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from people import directory, services

register = template.Library()


def _reader(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def person_url(context, user) -> str:
    """The profile URL of `user` if the reader may see it, else ""."""
    profile = services.shown_profile(user, _reader(context)) if _reader(context) else None
    return services.profile_url(profile) if profile else ""


@register.simple_tag(takes_context=True)
def person(context, user, fallback: str = "") -> str:
    """`user`'s display name linked to their profile, or as plain text when the reader may not
    see the profile their full name, else `fallback`: never a raw username (a login name)."""
    reader = _reader(context)
    profile = services.shown_profile(user, reader) if reader is not None else None
    if profile is not None:
        return format_html(
            '<a class="tv-person" href="{}">{}</a>', services.profile_url(profile), profile.name
        )
    return user.get_full_name() or fallback


@register.inclusion_tag("people/includes/space_coworkers.html", takes_context=True)
def space_coworkers(context, page) -> dict:
    reader = _reader(context)
    coworkers = directory.space_coworkers(page.pk, reader) if reader is not None else []
    return {"coworkers": coworkers, "space": page}
