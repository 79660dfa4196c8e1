"""Email confirmation for new accounts, with Django's signing (no extra models or views).

django-allauth would replace our one login, sign-up and reset pages, their templates and
translations, and add its own address model for every user; we need one signed link. The token
carries the user's id and the address, is signed with SECRET_KEY under its own salt and expires
after CONFIRMATION_DAYS; it stops working once the address is confirmed (the pending row goes).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from tavolone.accounts.models import PendingEmailConfirmation

SALT = "tavolone.accounts.confirm-email"
CONFIRMATION_DAYS = 7


def make_token(pending: PendingEmailConfirmation) -> str:
    return signing.dumps({"u": pending.user_id, "e": pending.email}, salt=SALT, compress=True)


def confirmation_url(pending: PendingEmailConfirmation) -> str:
    path = reverse("confirm_email", args=[make_token(pending)])
    return f"{settings.SITE_URL}{path}"


def start(user) -> PendingEmailConfirmation:
    """Withhold posting from a new account until its address is confirmed; send the link."""
    pending, _created = PendingEmailConfirmation.objects.update_or_create(
        user=user, defaults={"email": user.email}
    )
    send_link(pending)
    return pending


def send_link(pending: PendingEmailConfirmation) -> None:
    body = render_to_string(
        "registration/email/confirm_email.txt",
        {"user": pending.user, "url": confirmation_url(pending), "days": CONFIRMATION_DAYS},
    )
    send_mail(_("Tavolone: confirm your email address"), body, None, [pending.email])


def tell_owner(email: str) -> None:
    """Sign-up with an address already in use: its owner hears of it, the visitor learns
    nothing (the page is the same as for a new address)."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return
    body = render_to_string("registration/email/signup_existing.txt", {"user": user})
    send_mail(_("Tavolone: someone tried to sign up with your address"), body, None, [user.email])


def confirm(token: str):
    """The user whose address the token confirms, or None (bad, expired or already used)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRMATION_DAYS * 24 * 3600)
        user_id, email = int(data["u"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    pending = (
        PendingEmailConfirmation.objects.select_related("user")
        .filter(user_id=user_id, email=email)
        .first()
    )
    if pending is None:
        return None
    pending.delete()
    return pending.user


def is_confirmed(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_email_confirmed", None)
    if cached is None:
        cached = not PendingEmailConfirmation.objects.filter(user_id=user.pk).exists()
        user._email_confirmed = cached
    return cached
