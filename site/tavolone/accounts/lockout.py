"""Login lockouts (django-axes), at every entry point that calls authenticate().

Two budgets, both per trusted client address (tavolone.clientip):
- a few wrong passwords for one login name (AXES_FAILURE_LIMIT), keyed on the name as Django
  resolves it, so look-alike spellings of `marco` share marco's budget;
- more failures over any names (LOGIN_FAILURE_LIMIT_PER_ADDRESS), against password spraying.
Not per name alone: anyone could then lock a member out from anywhere. Unknown names count
exactly like known ones, so the lockout page says nothing about whether an account exists.
"""

from __future__ import annotations

import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from tavolone.clientip import UNKNOWN, client_network

MAX_NAME_LENGTH = 150  # the username field's; axes stores at most 255 characters


def login_identity(request: HttpRequest, credentials: dict | None = None) -> str:
    """The name a login attempt is for, normalised like Django's login form (NFKC) and then
    case-folded, so every spelling that can reach one account counts against one budget."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "") if request.method == "POST" else ""
    name = unicodedata.normalize("NFKC", str(raw)).strip().casefold()
    return name[:MAX_NAME_LENGTH]


def client_address(request: HttpRequest) -> str | None:
    # None, not a placeholder, when unknown: axes stores it in an IP address column (inet).
    address = client_network(request)
    return None if address == UNKNOWN else address


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the two budgets above (AXES_LOCKOUT_PARAMETERS lists the
    (address, name) pair first, then the address alone)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_name, per_address = (_failures(q) for q in self.get_user_attempts(request, credentials))
        if per_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(per_name, settings.AXES_FAILURE_LIMIT)
        return per_name

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A good login clears that name's failures from that address only: logging in to an
        # account of one's own must not refill the budget for spraying other names.
        per_name = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_name.delete()
        return count
