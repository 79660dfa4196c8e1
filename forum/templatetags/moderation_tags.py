"""The moderation queue's size for the header: counted for moderators only."""

from django import template

from forum import moderation

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue_size(context) -> int | None:
    """Waiting posts in the forums the signed-in user moderates; None for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    handler = getattr(request, "forum_permission_handler", None)
    return moderation.queue_size(user, handler)
