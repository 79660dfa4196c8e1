"""Typed readers for environment variables that fail loudly on bad values.

Settings read the environment only through these, so a typo such as DEBUG=flase stops the
process at start-up with a message naming the variable, instead of silently meaning False.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
