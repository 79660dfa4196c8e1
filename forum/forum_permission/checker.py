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
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from forum import derived
from tavolone.accounts import services as accounts
from tavolone.pagecache.memo import member_name, remembered, user_tag

# What a visitor's permissions follow: forums (closed, moved, created), space pages (hidden
# forums); permission rows, restrictions and moves bump every tag (pagecache/events.py).
VISITOR_PERMS_TAGS = ("forum", "spaces")


def perms_tags(user) -> tuple[str, ...]:
    """What `user`'s forum permissions follow: a member's also their groups and their pending
    confirmation (their own tag)."""
    return VISITOR_PERMS_TAGS if user.is_anonymous else (*VISITOR_PERMS_TAGS, user_tag(user))


def perms_name(name: str, user) -> str:
    """`name` of a fact about `user`'s permissions in the pages cache (memo.py)."""
    return f"visitor-{name}" if user.is_anonymous else member_name(f"member-{name}", user)


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
# Asked together for a member's page: the forums they read, and those they moderate (header).
SHARED_PERMS = frozenset({"can_see_forum", "can_read_forum", "can_approve_posts"})
# Withheld from a member whose email address awaits confirmation.
UNCONFIRMED_DENIED = CLOSED_FORUM_DENIED | {"can_vote_in_polls", "can_edit_own_posts"}


class ForumPermissionChecker(BaseForumPermissionChecker):
    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        # Every forum's answer read once and remembered: the same for all visitors; a member's
        # until their groups, confirmation, a permission row, a forum or a space page changes.
        if settings.SITE_CACHE_DATA and self._each_decided_alone():
            name, tags = perms_name("forum-perms", self.user), perms_tags(self.user)
            every = remembered(name, tags, self._every_forum)
            forums = list(forums)
            if all(forum is not None and forum.pk in every for forum in forums):
                wanted = set(perm_codenames) if perm_codenames else None
                return OrderedDict(
                    (forum, every[forum.pk] & wanted if wanted else set(every[forum.pk]))
                    for forum in forums
                )
        if not self._each_decided_alone() or self.user.is_anonymous:
            return self._perms_for_forumlist(forums, perm_codenames)
        return self._member_perms(list(forums), perm_codenames)

    def _each_decided_alone(self) -> bool:
        # machina's defaults for members apply only where no global row is: a subset of
        # permissions could then be answered differently from the whole (none here: settings).
        defaults = machina_settings.DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS
        return self.user.is_anonymous or not defaults

    def _member_perms(self, forums, perm_codenames):
        """A member's page asks for several permission sets over the same forums (those they
        read, those they moderate, for the header): read together once for this checker. Each
        permission is decided on its own rows (machina's defaults for members aside, none here:
        settings.py), so a subset is the intersection of an answer that covers it."""
        wanted = frozenset(perm_codenames) if perm_codenames else None
        key = tuple(forum.pk if forum is not None else None for forum in forums)
        lists = self.__dict__.setdefault("_perm_lists", {})
        covered, every = lists.get(key, (frozenset(), None))
        if every is None or (covered is not None and (wanted is None or not wanted <= covered)):
            covered = None if wanted is None else wanted | SHARED_PERMS
            every = self._perms_for_forumlist(forums, covered)
            lists[key] = (covered, every)
        return OrderedDict(
            (forum, set(every[forum]) & wanted if wanted else set(every[forum])) for forum in forums
        )

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
