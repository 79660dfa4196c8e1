from machina.apps.forum.apps import ForumAppConfig as MachinaForumAppConfig


class ForumAppConfig(MachinaForumAppConfig):
    """machina's `forum` app, overridden the documented way: same label, our module path.

    machina's `get_class("forum.…")` looks here first and falls back to machina's modules.
    """

    name = "forum"
    verbose_name = "Forum"
