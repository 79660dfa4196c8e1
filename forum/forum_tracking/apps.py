from machina.apps.forum_tracking.apps import ForumTrackingAppConfig as MachinaConfig


class ForumTrackingAppConfig(MachinaConfig):
    """machina's `forum_tracking` overridden (same label, machina's migrations kept).

    Lets `get_class("forum_tracking.views", …)` find our mark-as-read view.
    """

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_tracking"
