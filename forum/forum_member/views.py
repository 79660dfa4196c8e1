"""machina's member views, found by its `get_class("forum_member.views", …)`."""

from __future__ import annotations

from machina.apps.forum_member import views as machina_views

from forum import moderation


class UserPostsView(machina_views.UserPostsView):
    """A member's posts: machina lists the waiting ones too, to everyone. Here they are listed
    to their author and to the moderators of their forum only."""

    def get_queryset(self):
        posts = super().get_queryset()
        handler = self.request.forum_permission_handler
        return moderation.visible_posts(posts, self.request.user, handler)
