"""The board layout and the permission sets, shared by the data migration and the CMS sync."""

from __future__ import annotations

MODERATORS_GROUP = "Moderators"  # shared with the CMS roles (community/roles.py)
EDITORS_GROUP = "Editors"  # the CMS editors (community/roles.py): they oversee news discussions
SPACE_HOSTS_GROUP = "Space hosts"  # hosts of any live space, kept in sync from SpacePage.hosts

NETWORK_SLUG = "rete"
SPACES_SLUG = "spazi"
NEWS_SLUG = "commenti-alle-news"
HOST_SLUG = "host"

# (slug, name, description) of the network category's forums.
NETWORK_FORUMS = (
    ("bacheca", "Bacheca/Annunci", "Annunci e comunicazioni dalla rete e dai coworker."),
    ("cerco-offro-scrivania", "Cerco/Offro scrivania", "Scrivanie libere e scrivanie cercate."),
    ("eventi", "Eventi", "Incontri, workshop e aperitivi negli spazi della rete."),
    ("domande-e-risposte", "Domande e risposte", "Chiedi alla community: fisco, tools, servizi."),
)

READ_PERMS = ("can_see_forum", "can_read_forum")
ANONYMOUS_PERMS = (*READ_PERMS, "can_download_file")
COWORKER_PERMS = (
    *ANONYMOUS_PERMS,
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_post_without_approval",  # narrowed by trust (forum/trust.py) for new members
    "can_create_polls",
    "can_vote_in_polls",
    "can_attach_file",
)
MODERATOR_PERMS = (
    "can_approve_posts",
    "can_edit_posts",
    "can_lock_topics",
    "can_move_topics",
    "can_delete_posts",
    "can_post_stickies",
    "can_post_announcements",
    "can_reply_to_locked_topics",
)
# What a host may do in their own space's forum (per-forum user permissions).
HOST_PERMS = (
    "can_approve_posts",
    "can_edit_posts",
    "can_lock_topics",
    "can_delete_posts",
    "can_post_stickies",
    "can_reply_to_locked_topics",
)
# The private Host forum: everyone's global coworker permissions are withdrawn there…
HOST_FORUM_DENIED = COWORKER_PERMS
# … and given back to the space hosts and the forum moderators (not to editors or other staff:
# the permission rows decide, forum/migrations/0017_host_forum_moderators.py).
HOST_FORUM_GRANTED = COWORKER_PERMS
HOST_FORUM_GROUPS = (SPACE_HOSTS_GROUP, MODERATORS_GROUP)
