"""machina's permission checker, extended.

Who reads a private forum is the permission rows' to say (the Host forum: its hosts and the
forum moderators, forum/boards.py), not staff status; closed forums take no new content; a
member who signed up writes nothing until the email address is confirmed (they still read);
a space's forum is there only for those who may see the space's page (forum/derived.py). Every
write check (machina's views, the handler, our services) goes through these permissions.
"""

from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as BaseForumPermissionChecker,
)

from forum import derived
from tavolone.accounts import services as accounts

# A closed forum (its space unpublished or deleted) takes nothing new, from anyone.
CLOSED_FORUM_DENIED = {
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_reply_to_locked_topics",
    "can_post_announcements",
    "can_post_stickies",
    "can_create_polls",
    "can_attach_file",
}
# Withheld from a member whose email address awaits confirmation.
UNCONFIRMED_DENIED = CLOSED_FORUM_DENIED | {"can_vote_in_polls", "can_edit_own_posts"}


class ForumPermissionChecker(BaseForumPermissionChecker):
    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        perms = super().get_perms_for_forumlist(forums, perm_codenames)
        if "_viewer" not in self.__dict__:
            self._viewer = derived.Viewer(self.user)  # read once for this checker's user
        hidden = derived.hidden_forum_ids(perms, self.user, self._viewer)
        for forum in perms:
            if forum is not None and forum.pk in hidden:
                perms[forum] = set()  # its space is not visible to this user: no forum either
            elif forum is not None and forum.is_closed:
                perms[forum] = set(perms[forum]) - CLOSED_FORUM_DENIED
        if accounts.awaiting_confirmation(self.user):
            for forum in perms:
                perms[forum] = set(perms[forum]) - UNCONFIRMED_DENIED
        return perms
