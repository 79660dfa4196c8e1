"""Start-up checks: a SEARCH_ENGINE that names no engine stops `manage.py check`, `migrate`,
the worker and the other commands with the message that says how to fix it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def engine_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from search import services

    try:
        services.engine_class().options(settings)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="tavolone_search.E001")]
    return []
