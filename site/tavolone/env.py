"""Typed readers for environment variables that fail loudly on bad values.

Settings read the environment only through these, so a typo such as DEBUG=flase stops the
process at start-up with a message naming the variable, instead of silently meaning False.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is too small: it must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def env_dotted(name: str, default: str = "", *, example: str) -> str:
    """A dotted path to a class (module.Class), checked for its form only: importing it is left
    to its user, once the apps are loaded."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not _DOTTED.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a dotted path to a class: write e.g. {example}, or unset it."
        )
    return value


_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def env_rate(name: str, default: str) -> str:
    """A rate such as 5/h or 10/15m (django-ratelimit's notation): how many per period."""
    raw = os.environ.get(name, default).strip()
    count, _, period = raw.partition("/")
    multiplier, unit = period[:-1], period[-1:]
    if not (
        count.isdigit()
        and int(count) > 0
        and unit in _RATE_UNITS
        and (multiplier == "" or (multiplier.isdigit() and int(multiplier) > 0))
    ):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: write how many per period, e.g. 5/h, 10/15m, 100/d."
        )
    return raw


def email_settings(url: str) -> dict[str, object]:
    """Django email settings from an EMAIL_URL such as smtp+tls://user:pass@host:587.

    Supported schemes: console://, smtp://, smtp+tls:// (STARTTLS), smtps:// (implicit TLS),
    file:///path/to/dir (one file per message: staging and tests read them).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        if not parts.path or parts.path == "/":
            raise ImproperlyConfigured("EMAIL_URL=file:// needs a folder, e.g. file:///var/mail/tv")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path,
        }
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported: use console://, smtp://, "
            "smtp+tls://, smtps:// or file://, e.g. smtp+tls://user:password@mail.example.org:587"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL has no host, e.g. smtp://mail.example.org:25")
    options = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 587 if "tls" in scheme else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": scheme == "smtp+tls",
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_TIMEOUT": int(options.get("timeout", ["10"])[0]),
    }


def cache_settings(url: str, *, location_dir: str) -> dict[str, dict[str, object]]:
    """Django CACHES from a CACHE_URL: locmem:// (default), redis://host:port/db, file://."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"redis", "rediss"}:
        default: dict[str, object] = {
            "BACKEND": "tavolone.lib.rediscache.RedisCache",
            "LOCATION": url,
        }
    elif scheme == "locmem":
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    elif scheme == "file":
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path or os.path.join(location_dir, "default"),
        }
    else:
        raise ImproperlyConfigured(
            f"CACHE_URL scheme {scheme!r} is not supported: use redis://127.0.0.1:6379/0, "
            "locmem:// or file:///path/to/dir"
        )
    return {
        "default": default,
        # Whole anonymous pages, their tags' generations and topic view counts
        # (tavolone/pagecache/): shared by the web workers and the background worker, whose
        # changes (scheduled publishing, view counts) must reach every worker.
        "pages": (
            {**default, "TIMEOUT": None}
            if scheme in {"redis", "rediss"}
            else {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": os.path.join(location_dir, "pages"),
                "TIMEOUT": None,
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            }
        ),
        # machina keeps uploaded attachments between form submissions in this cache; it must be
        # shared by all workers and survive a restart, so it is file-based (or Redis).
        "machina_attachments": (
            default
            if scheme in {"redis", "rediss"}
            else {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": os.path.join(location_dir, "machina_attachments"),
            }
        ),
    }


def database_settings(url: str, *, sqlite_path: Path, conn_max_age: int) -> dict[str, object]:
    """The database from DATABASE_URL (postgres://, sqlite://), else SQLite at sqlite_path."""
    if url:
        if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
            raise ImproperlyConfigured(
                "DATABASE_URL must be postgres://user:password@host:5432/name (or sqlite:///path)."
            )
        return dict(dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True))
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_path,
        # Kept like PostgreSQL's: a new connection per request re-runs the PRAGMAs below and
        # starts with a cold page cache, a third of a small page view's CPU (issue 16).
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers run while a writer commits; IMMEDIATE transactions and a busy
            # timeout make concurrent writers wait instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_settings(name: str) -> dict[str, dict[str, str]]:
    """django-tasks' TASKS from TASKS_BACKEND: immediate (in the request) or database (a worker)."""
    if name not in _TASK_BACKENDS:
        raise ImproperlyConfigured(f"TASKS_BACKEND={name!r}: use 'immediate' or 'database'.")
    return {"default": {"BACKEND": _TASK_BACKENDS[name]}}
