"""URL patterns shared by the apps."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, path


def in_both_languages(italian: str, english: str, view: Callable, name: str) -> list[URLPattern]:
    """A page at its Italian path (named `name`) and at its English one (`name`_en): the same
    view, which answers in the request's language either way."""
    return [path(italian, view, name=name), path(english, view, name=f"{name}_en")]
