from machina.apps.forum.apps import ForumAppConfig as MachinaForumAppConfig


class ForumAppConfig(MachinaForumAppConfig):
    """machina's `forum` app, overridden the documented way: same label, our module path.

    machina's `get_class("forum.…")` looks here first and falls back to machina's modules.
    """

    default = True  # the module also imports machina's config: pick this one
    name = "forum"
    verbose_name = "Forum"

    def ready(self):
        super().ready()  # machina's receivers
        from forum import receivers  # noqa: F401
