"""A form's CSRF token fetched when the form is used, not written into a shared page.

A `{% csrf_token %}` in a page sets a cookie and makes it private: no cache may share it. Forms
that anonymous visitors send from public pages (a space's "book a visit") carry no token in
their HTML; `static/js/form-token.js` asks this view for one when the form is first touched
(or sent) and adds it to the form. Django's CSRF check is unchanged: a post without a valid
token is refused, and a visitor without JavaScript is told why (templates/403_csrf.html).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET


@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    """{"token": …} for the form's hidden field; sets the CSRF cookie. Never stored."""
    response = JsonResponse({"token": get_token(request)})
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response
