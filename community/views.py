"""Visitor actions on community pages that are not plain page views."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from community import roles
from community.forms import VisitRequestForm
from community.models import SpacePage
from tavolone import ratelimits
from tavolone.home.services import absolute_url

logger = logging.getLogger(__name__)


def visit_recipients(space: SpacePage) -> list[str]:
    """The space's hosts; for a space without one, its contact address and the editors, who
    read the request in the admin and pass it on."""
    hosts = [u.email for u in space.hosts.filter(is_active=True) if u.email]
    if hosts:
        return hosts
    editors = get_user_model().objects.filter(is_active=True, groups__name=roles.EDITORS)
    contact = [space.email] if space.email else []
    return list(dict.fromkeys(contact + sorted({u.email for u in editors if u.email})))


def send_visit_email(visit) -> None:
    recipients = visit_recipients(visit.space)
    if not recipients:
        logger.warning("Visit request %s for %s: nobody to email", visit.pk, visit.space)
        return
    # Plain text only, and the subject carries no visitor-written text (no header injection).
    subject = _("Tavolone: a visit request for %(space)s") % {
        "space": " ".join(visit.space.title.split())
    }
    admin_link = absolute_url(
        reverse("wagtailsnippets_community_visitrequest:inspect", args=[visit.pk])
    )
    context = {"visit": visit, "admin_link": admin_link}
    body = render_to_string("community/email/visit_request.txt", context)
    message = EmailMessage(subject, body, to=recipients, reply_to=[visit.email])
    try:
        message.send()
    except Exception:  # the request is stored and visible in the admin: don't lose it to SMTP
        logger.exception(
            "Could not email the hosts of %s about visit request %s", visit.space, visit.pk
        )


def handle_visit_request(page: SpacePage, request: HttpRequest) -> HttpResponse:
    form = VisitRequestForm(request.POST)
    status = 200
    if form.is_spam():
        # Bots get the same answer as people, and nothing is stored or sent.
        messages.success(request, _("Thank you: the hosts will answer you by email."))
        return HttpResponseRedirect(page.url + "#visit")
    # Only requests that were sent count: a visitor fixing typos is not spending the allowance.
    if ratelimits.VISIT_REQUESTS.spent(request):
        form.is_valid()  # keep what was typed and its field errors
        form.add_error(None, _("Too many requests from your connection: try again later."))
        status = 429
    elif form.is_valid():
        visit = form.save(commit=False)
        visit.space = page
        visit.save()
        ratelimits.VISIT_REQUESTS.count(request)
        send_visit_email(visit)
        messages.success(request, _("Thank you: the hosts will answer you by email."))
        return HttpResponseRedirect(page.url + "#visit")
    context = page.get_context(request)
    context["visit_form"] = form
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if status == 429:
        response["Retry-After"] = str(ratelimits.VISIT_REQUESTS.retry_after(request))
    return response
