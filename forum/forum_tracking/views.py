"""machina's tracking views, found by its `get_class("forum_tracking.views", …)`."""

from django.shortcuts import get_object_or_404
from machina.apps.forum_tracking import views as machina_views
from machina.apps.forum_tracking.views import MarkTopicsReadView as BaseMarkTopicsReadView
from machina.core.db.models import get_model

from forum import derived

Forum = get_model("forum", "Forum")


class MarkTopicsReadView(BaseMarkTopicsReadView):
    def get_controlled_object(self):
        # machina's permission check reads the forum with .get(): an unknown id would be a 500.
        return get_object_or_404(Forum, pk=self.kwargs["pk"])


class UnreadTopicsView(machina_views.UnreadTopicsView):
    """Unread topics, without discussions whose article the reader may not see."""

    def get_queryset(self):
        user, handler = self.request.user, self.request.forum_permission_handler
        return derived.visible_topics(super().get_queryset(), user, handler.viewer(user))
