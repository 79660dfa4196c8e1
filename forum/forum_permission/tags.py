"""machina's `{% get_permission %}` tag without its reflection on every call.

machina's tag lists the handler's public methods with `inspect.getmembers` each time it is used
(twice per post of a topic page, once per post for attachments): a tenth of the topic page's
rendering. The list depends on the handler's class only, so it is made once per class; the tag
answers as machina's does, a TemplateSyntaxError for any other name.
"""

from __future__ import annotations

import inspect

from django import template
from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

_ALLOWED: dict[type, frozenset[str]] = {}


def _allowed_methods(handler) -> frozenset[str]:
    names = _ALLOWED.get(type(handler))
    if names is None:
        members = inspect.getmembers(handler, predicate=inspect.ismethod)
        names = frozenset(name for name, _ in members if not name.startswith("_"))
        _ALLOWED[type(handler)] = names
    return names


def get_permission(context, method, *args, **kwargs):
    """Whether the permission handler's `method` grants `args` (machina's tag, same usage:
    `{% get_permission 'can_access_moderation_panel' request.user as var %}`)."""
    request = context.get("request", None)
    handler = request.forum_permission_handler if request else PermissionHandler()
    allowed = _allowed_methods(handler)
    if method not in allowed:
        raise template.TemplateSyntaxError(
            f"Only the following methods are allowed through this templatetag: {sorted(allowed)}"
        )
    return getattr(handler, method)(*args, **kwargs)


def install() -> None:
    """Put this tag in machina's `forum_permission_tags` library, in place of machina's: every
    template loading the library (machina's and ours) gets it."""
    from machina.templatetags import forum_permission_tags

    forum_permission_tags.register.simple_tag(takes_context=True, name="get_permission")(
        get_permission
    )
