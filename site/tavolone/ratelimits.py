"""One rate-limit mechanism for every per-visitor budget: django-ratelimit's counters in the
shared cache, keyed on the trusted client address (tavolone.clientip), rates from settings.

Login failures are not counted here: django-axes locks those out at every authenticate() call.
Forum posting is limited per member by forum/trust.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from tavolone.clientip import client_network

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}  # django-ratelimit's rate notation


def _client_key(group: str, request: HttpRequest) -> str:
    return client_network(request)


@dataclass(frozen=True)
class RateLimit:
    """A budget of `settings.<setting>` (django-ratelimit's "5/h") per client address."""

    group: str
    setting: str

    @property
    def rate(self) -> str:
        return getattr(settings, self.setting)

    @property
    def window_seconds(self) -> int:
        period = self.rate.partition("/")[2]
        return int(period[:-1] or 1) * _UNITS[period[-1]]

    def _usage(self, request: HttpRequest, *, increment: bool) -> dict:
        return get_usage(
            request, group=self.group, key=_client_key, rate=self.rate, increment=increment
        ) or {"count": 0, "limit": 1, "time_left": 0}  # RATELIMIT_ENABLE=False

    def spent(self, request: HttpRequest) -> bool:
        """Whether the budget is used up, without counting this request."""
        usage = self._usage(request, increment=False)
        return usage["count"] >= usage["limit"]

    def hit(self, request: HttpRequest) -> bool:
        """Count this request; True when it is over the budget (then refuse it)."""
        usage = self._usage(request, increment=True)
        return usage["count"] > usage["limit"]

    def count(self, request: HttpRequest) -> None:
        """Count an attempt that went through (for budgets checked with `spent`)."""
        self._usage(request, increment=True)

    def retry_after(self, request: HttpRequest) -> int:
        """Seconds until the current window ends (for the Retry-After header)."""
        left = self._usage(request, increment=False)["time_left"]
        return left if 0 < left <= self.window_seconds else self.window_seconds


VISIT_REQUESTS = RateLimit("visit-requests", "RATE_LIMIT_VISIT_REQUESTS")
OUTDATED_REPORTS = RateLimit("outdated-reports", "RATE_LIMIT_OUTDATED_REPORTS")
SIGNUPS = RateLimit("signups", "RATE_LIMIT_SIGNUPS")
PASSWORD_RESETS = RateLimit("password-resets", "RATE_LIMIT_PASSWORD_RESETS")
EMAIL_CONFIRMATIONS = RateLimit("email-confirmations", "RATE_LIMIT_CONFIRMATION_EMAILS")
PAGE_PASSWORDS = RateLimit("page-passwords", "RATE_LIMIT_PAGE_PASSWORDS")
