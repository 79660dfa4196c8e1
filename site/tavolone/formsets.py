"""A formset's TOTAL_FORMS comes from the client, and Django builds and validates that many forms
(up to max_num + 1,000) before any view can refuse them: one POST to machina's topic form
claiming a huge number of attachments kept a worker busy for seconds. No page of ours renders
anywhere near MAX_FORMS forms in one formset, so a request claiming more is refused first (400)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

MAX_FORMS = 100
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class TooManyFormsClaimed(SuspiciousOperation):
    """Django answers a SuspiciousOperation with its 400 page and logs it (django.security)."""


def claimed_forms(request: HttpRequest) -> int:
    """The largest TOTAL_FORMS of the request's formsets (0 if none or not a number)."""
    claims = [0]
    for key, value in request.POST.items():
        if key.endswith("-TOTAL_FORMS"):
            try:
                claims.append(int(value))
            except ValueError:  # the formset itself says "invalid management form"
                continue
    return max(claims)


class FormsetSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        posted_form = request.method == "POST" and request.content_type in FORM_TYPES
        if posted_form and claimed_forms(request) > MAX_FORMS:
            raise TooManyFormsClaimed(f"A formset claims more than {MAX_FORMS} forms.")
        return self.get_response(request)
