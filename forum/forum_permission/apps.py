from machina.apps.forum_permission.apps import ForumPermissionAppConfig as MachinaConfig


class ForumPermissionAppConfig(MachinaConfig):
    """machina's `forum_permission` overridden (same label, machina's migrations kept).

    Lets `get_class("forum_permission.handler", …)` find our handler and checker.
    """

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_permission"

    def ready(self):
        super().ready()
        from forum.forum_permission import tags

        tags.install()  # machina's {% get_permission %} without its reflection per call
