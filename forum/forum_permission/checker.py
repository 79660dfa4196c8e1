"""machina's permission checker, extended: staff members read every forum (the private ones too)."""

from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as BaseForumPermissionChecker,
)

STAFF_READ_PERMS = {"can_see_forum", "can_read_forum"}


class ForumPermissionChecker(BaseForumPermissionChecker):
    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        perms = super().get_perms_for_forumlist(forums, perm_codenames)
        if getattr(self.user, "is_staff", False) and self.user.is_active:
            # Staff (editors, moderators, managers) oversee the whole network, private forums too.
            for forum in perms:
                perms[forum] = set(perms[forum]) | STAFF_READ_PERMS
        return perms
