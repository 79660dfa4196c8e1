from machina.apps.forum_conversation.apps import ForumConversationAppConfig as MachinaConfig


class ForumConversationAppConfig(MachinaConfig):
    """machina's `forum_conversation` overridden (same label, machina's migrations kept).

    Lets `get_class("forum_conversation.forms", …)` find our rate-limited post and topic forms.
    """

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_conversation"
