"""machina's member views, found by its `get_class("forum_member.views", …)`.

Lists of a member's posts and of someone's topics show only what the reader may see: waiting
posts to their author and moderators (forum/moderation.py), and nothing of a discussion whose
article the reader may not see (forum/derived.py).
"""

from __future__ import annotations

from machina.apps.forum_member import views as machina_views
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from forum import derived, moderation
from people.views import ProfileEditView

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")


class UserPostsView(machina_views.UserPostsView):
    """A member's posts: machina lists the waiting ones too, to everyone."""

    def get_queryset(self):
        user, handler = self.request.user, self.request.forum_permission_handler
        posts = moderation.visible_posts(super().get_queryset(), user, handler)
        return derived.visible_posts(posts, user, handler.viewer(user))


class ForumProfileDetailView(machina_views.ForumProfileDetailView):
    """A profile's recent posts, from the topics the reader may see."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, handler = self.request.user, self.request.forum_permission_handler
        forums = handler.get_readable_forums(Forum.objects.all(), user)
        posts = (
            Post.approved_objects.select_related("topic", "topic__forum")
            .filter(topic__forum__in=forums, poster=self.object.user)
            .order_by("-created")
        )
        visible = derived.visible_posts(posts, user, handler.viewer(user))
        context["recent_posts"] = visible[: machina_settings.PROFILE_RECENT_POSTS_NUMBER]
        return context


class TopicSubscriptionListView(machina_views.TopicSubscriptionListView):
    """The topics one follows, without those the reader may not see any more."""

    def get_queryset(self):
        user, handler = self.request.user, self.request.forum_permission_handler
        return derived.visible_topics(super().get_queryset(), user, handler.viewer(user))


class ForumProfileUpdateView(ProfileEditView):
    """machina's profile form and the person's profile are one page, one form (people/views.py)."""
