"""machina's conversation views, overridden where a topic derived from a page may be hidden
(machina's `get_class("forum_conversation.views", …)` finds them here, the rest is machina's)."""

from django.http import Http404
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView


class TopicView(MachinaTopicView):
    """A news discussion whose article this user may not see does not exist for them: 404, as
    the article itself (the forum's own permissions still decide the rest)."""

    def get_topic(self):
        topic = super().get_topic()
        handler = self.request.forum_permission_handler
        if topic is not None and not handler.can_read_topic(topic, self.request.user):
            raise Http404("No topic here.")
        return topic
