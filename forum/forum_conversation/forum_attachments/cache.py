# machina looks this module up by its label (get_class("forum_attachments.cache")); for an
# overridden nested app its fallback path is wrong, so re-export machina's cache here.
from machina.apps.forum_conversation.forum_attachments.cache import *  # noqa: F403
from machina.apps.forum_conversation.forum_attachments.cache import cache  # noqa: F401
