import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tavolone import ratelimits
from tavolone.accounts import confirmation, services
from tavolone.accounts.forms import SignUpForm
from tavolone.accounts.models import PendingEmailConfirmation


def too_many(request: HttpRequest, limit: ratelimits.RateLimit, message: str) -> HttpResponse:
    response = render(request, "registration/rate_limited.html", {"message": message}, status=429)
    response["Retry-After"] = str(limit.retry_after(request))
    return response


def limit_posts(limit: ratelimits.RateLimit, message: str) -> Callable:
    """Wrap a view whose POSTs guess something (a page's password): each one spends `limit`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" and limit.hit(request):
                return too_many(request, limit, str(message))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if ratelimits.SIGNUPS.spent(request):
            message = _("Too many sign-ups from your connection.")
            return too_many(request, ratelimits.SIGNUPS, message)
        if form.is_valid():
            ratelimits.SIGNUPS.count(request)
            # The same answer whether or not the address has an account: its owner is told.
            if form.email_taken():
                make_password(form.cleaned_data["password1"])  # as slow as creating the account
                confirmation.tell_owner(form.cleaned_data["email"])
            else:
                confirmation.start(form.save())
            return redirect("signup_done")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_done.html")


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    user = confirmation.confirm(token)
    if user is None:
        context = {"confirmed": False}
        return render(request, "registration/email_confirmed.html", context, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, _("Your email address is confirmed: you can now post."))
        return redirect("/")
    return render(request, "registration/email_confirmed.html", {"confirmed": True})


@login_required
def confirmation_status(request: HttpRequest) -> HttpResponse:
    """Whether the member's address awaits confirmation; POST sends the link again."""
    waiting = services.awaiting_confirmation(request.user)
    if request.method == "POST" and waiting:
        limit = ratelimits.EMAIL_CONFIRMATIONS
        if limit.hit(request):
            return too_many(request, limit, _("Too many confirmation emails requested."))
        confirmation.send_link(PendingEmailConfirmation.objects.get(user=request.user))
        messages.success(request, _("We have sent you a new confirmation link."))
        return redirect("confirmation_status")
    return render(request, "registration/confirmation_status.html", {"waiting": waiting})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with a per-address budget: each request may send an email."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if ratelimits.PASSWORD_RESETS.hit(request):
            message = _("Too many password reset requests from your connection.")
            return too_many(request, ratelimits.PASSWORD_RESETS, message)
        return super().post(request, *args, **kwargs)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page: one text whether or not the name has an account."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    page = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    page["Retry-After"] = str(minutes * 60)
    return page
