from machina.apps.forum_feeds.apps import ForumFeedsAppConfig as MachinaConfig


class ForumFeedsAppConfig(MachinaConfig):
    """machina's `forum_feeds` overridden (same label): lets `get_class("forum_feeds.feeds", …)`
    find our latest-topics feed, which leaves out discussions of articles the reader may not see
    and takes its links from SITE_URL."""

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_feeds"
