"""machina's permission checker, extended.

Who reads a private forum is the permission rows' to say (the Host forum: its hosts and the
forum moderators, forum/boards.py), not staff status; closed forums take no new content; a
member who signed up writes nothing until the email address is confirmed (they still read);
a space's forum is there only for those who may see the space's page (forum/derived.py). Every
write check (machina's views, the handler, our services) goes through these permissions.
"""

from collections import OrderedDict

from django.conf import settings
from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as BaseForumPermissionChecker,
)
from machina.core.db.models import get_model

from forum import derived
from tavolone.accounts import services as accounts
from tavolone.pagecache.memo import remembered

# What a visitor's permissions follow: forums (closed, moved, created), space pages (hidden
# forums); permission rows, restrictions and moves bump every tag (pagecache/events.py).
VISITOR_PERMS_TAGS = ("forum", "spaces")

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
        if self.user.is_anonymous and settings.SITE_CACHE_DATA:  # the same for all visitors
            every = remembered("visitor-forum-perms", VISITOR_PERMS_TAGS, self._every_forum)
            forums = list(forums)
            if all(forum is not None and forum.pk in every for forum in forums):
                wanted = set(perm_codenames) if perm_codenames else None
                return OrderedDict(
                    (forum, every[forum.pk] & wanted if wanted else set(every[forum.pk]))
                    for forum in forums
                )
        return self._perms_for_forumlist(forums, perm_codenames)

    def _every_forum(self) -> dict[int, set[str]]:
        forums = list(get_model("forum", "Forum").objects.all())
        return {forum.pk: set(perms) for forum, perms in self._perms_for_forumlist(forums).items()}

    def _perms_for_forumlist(self, forums, perm_codenames=None):
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
