"""Malformed input to the admin's own forms and filters is a 400, not a server error.

Wagtail's and Django's admin views trust the shape of what their own JavaScript sends: a page
form posted without a StreamField's `body-count`, rich text that is JSON of the wrong type, a
copy form with a parent that is no page id, search plus filters Wagtail cannot combine. Each
raised deep inside Wagtail (KeyError, ValueError, AttributeError, FieldError…) and became a 500
for the editor. We do not own that code, so the boundary answers: for admin requests that carry
input, those errors are logged as errors (they may be bugs worth reporting upstream) and the
editor gets a 400 page that says what happened; the request's writes are rolled back
(tavolone/atomic.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from modelsearch.backends.base import FieldError as SearchFieldError

log = logging.getLogger(__name__)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
INPUT_ERRORS = (
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    FieldError,
    ObjectDoesNotExist,
    SearchFieldError,  # Wagtail's search backends: a filter or ordering they cannot apply
)


class AdminInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        has_input = request.method == "POST" or bool(request.GET)
        if not (
            request.path.startswith(ADMIN_PREFIXES)
            and has_input
            and isinstance(exception, INPUT_ERRORS)
        ):
            return None
        log.error("admin: input to %s could not be handled", request.path, exc_info=exception)
        return render(request, "400.html", status=400)
