"""Inline data for scripts under the Content-Security-Policy."""

from django import template
from django.utils.html import escape, json_script
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def json_data(context, value, element_id: str) -> SafeString:
    """Django's json_script, carrying the request's CSP nonce like every inline script."""
    html = json_script(value, element_id)
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is None:  # no CSP middleware (a lazy nonce is falsy until read: test for None)
        return html
    # json_script's output is escaped JSON; the nonce is base64 and escaped anyway.
    return mark_safe(html.replace("<script ", f'<script nonce="{escape(str(nonce))}" ', 1))
