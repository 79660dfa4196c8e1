"""machina's latest-topics feeds (whole board, one forum, a forum and its children)."""

from machina.apps.forum_feeds.feeds import LastTopicsFeed as MachinaLastTopicsFeed

from forum import derived


class LastTopicsFeed(MachinaLastTopicsFeed):
    """Readable forums only (machina), and only the discussions whose article the reader may
    see; 20 items, as a feed reader polls it (machina listed every topic of the board)."""

    def items(self):
        topics = derived.visible_topics(super().items(), self.user)
        return topics.select_related("forum")[:20]
