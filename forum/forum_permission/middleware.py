"""machina's permission middleware without its session write for every anonymous visitor.

machina stores a random "anonymous forum key" in the session of each visitor, so the first
anonymous page view writes a session row and sets a cookie (TRAPS.md has the cost).
The key only identifies an anonymous author's own posts, and anonymous visitors may not post
here (forum/boards.py), so an existing key is reused and a missing one is not persisted.
"""

from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as BaseForumPermissionMiddleware,
)
from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


class ForumPermissionMiddleware(BaseForumPermissionMiddleware):
    def process_request(self, request):
        if not request.user.is_authenticated:
            key = request.session.get(self.anonymous_forum_key_session_id)
            request.user.forum_key = key or self.get_anonymous_forum_key()
        request.forum_permission_handler = PermissionHandler()
