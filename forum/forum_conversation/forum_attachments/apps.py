from machina.apps.forum_conversation.forum_attachments.apps import (
    ForumAttachmentsAppConfig as MachinaConfig,
)


class ForumAttachmentsAppConfig(MachinaConfig):
    """machina's `forum_attachments` overridden: uploads checked by content, served safely."""

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_conversation.forum_attachments"
