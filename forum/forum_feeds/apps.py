from machina.apps.forum_feeds.apps import ForumFeedsAppConfig as MachinaConfig


class ForumFeedsAppConfig(MachinaConfig):
    """machina's `forum_feeds` overridden (same label): feed links come from SITE_URL."""

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_feeds"
