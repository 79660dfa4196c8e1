"""Start-up checks: a SEARCH_ENGINE that names no engine stops the site from starting (ready():
gunicorn runs no system checks), and `manage.py check` when settings change after start-up,
with the message that says how to fix it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def require_engine() -> None:
    """Raise ImproperlyConfigured, saying how to fix it, unless SEARCH_ENGINE names an engine
    whose settings are there: a web process must not start and answer 500 on every search."""
    from search import services

    try:
        services.engine_class().options(settings)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"Tavolone cannot start: {exc}") from None


def engine_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from search import services

    try:
        services.engine_class().options(settings)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="tavolone_search.E001")]
    return []
