"""HTTP endpoints of space freshness: a host confirms the data, a visitor reports it outdated."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import freshness
from community.models import SpacePage
from tavolone import ratelimits
from tavolone.clientip import client_ip
from tavolone.home.services import page_absolute_url


class OutdatedReportForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("What is out of date? (optional)"),
        required=False,
        max_length=freshness.REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Honeypot: hidden from people by CSS, filled in by naive bots.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"class": "d-none", "tabindex": "-1"})
    )


def _back(request: HttpRequest, space: SpacePage) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: redirect() reads anything without a slash as a URL name to
    # reverse (NoReverseMatch: a server error).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return space.url or "/"


def post_or_back_to_space(view):
    """POST acts; a GET is the address reloaded after the answer (a 429, an error page): it
    leads back to the space's page instead of an empty 405."""

    @wraps(view)
    def wrapper(request: HttpRequest, page_id: int) -> HttpResponse:
        if request.method == "POST":
            return view(request, page_id)
        if request.method in ("GET", "HEAD"):
            space = get_object_or_404(SpacePage.objects.live().public(), pk=page_id)
            return redirect(space.url or "/")
        return HttpResponseNotAllowed(["POST"])

    return wrapper


@post_or_back_to_space
def confirm_space(request: HttpRequest, page_id: int) -> HttpResponse:
    space = get_object_or_404(SpacePage, pk=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(space.url or "/")
    if not freshness.can_confirm(request.user, space):
        raise PermissionDenied(_("Only the space's hosts and the editors can confirm its data."))
    day = freshness.confirm(space)
    messages.success(
        request,
        _("Thank you: the data of %(space)s is confirmed as of %(day)s.")
        % {"space": space.title, "day": date_format(day)},
    )
    return redirect(_back(request, space))


@post_or_back_to_space
def report_outdated(request: HttpRequest, page_id: int) -> HttpResponse:
    space = get_object_or_404(SpacePage.objects.live().public(), pk=page_id)
    context = {"space": space}
    if ratelimits.OUTDATED_REPORTS.hit(request):
        context["form"] = OutdatedReportForm(request.POST)
        response = render(request, "community/freshness/report_limited.html", context, status=429)
        response["Retry-After"] = str(ratelimits.OUTDATED_REPORTS.retry_after(request))
        return response
    form = OutdatedReportForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "community/freshness/report_form.html", context, status=400)
    if not form.cleaned_data["website"]:
        reporter = freshness.reporter_key(client_ip(request))
        message = form.cleaned_data["message"]
        freshness.report_outdated(space, message, page_absolute_url(space), reporter)
    messages.success(request, _("Thank you: the space's hosts and the editors will check it."))
    return redirect(space.url or "/")
