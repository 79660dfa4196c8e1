from machina.apps.forum_member.apps import ForumMemberAppConfig as MachinaConfig


class ForumMemberAppConfig(MachinaConfig):
    """machina's `forum_member` overridden: the profile also records the coworker's home space."""

    default = True  # the module also imports machina's config: pick this one
    name = "forum.forum_member"
