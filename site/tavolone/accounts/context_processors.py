import functools

from django.http import HttpRequest

from tavolone.accounts import services


def email_confirmation(request: HttpRequest) -> dict:
    # A callable: templates that never ask (most pages) cost no query.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"awaiting_email_confirmation": False}
    return {"awaiting_email_confirmation": functools.partial(services.awaiting_confirmation, user)}
