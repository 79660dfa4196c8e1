"""machina's permission handler, extended with Tavolone's community rules.

- closed forums (unpublished or deleted space) take no new topics or replies;
- a forum's content can only be added by those who may read it;
- trust: a member's first posts wait for approval until TRUSTED_AFTER of them were approved
  (Discourse-style new-user limits) on top of machina's `can_post_without_approval`.
"""

from machina.apps.forum_permission.handler import PermissionHandler as BasePermissionHandler

from forum.trust import is_trusted


class PermissionHandler(BasePermissionHandler):
    def can_add_topic(self, forum, user):
        return (
            not forum.is_closed
            and self.can_read_forum(forum, user)
            and super().can_add_topic(forum, user)
        )

    def can_add_post(self, topic, user):
        forum = topic.forum
        return (
            not forum.is_closed
            and self.can_read_forum(forum, user)
            and super().can_add_post(topic, user)
        )

    def can_post_without_approval(self, forum, user):
        if not super().can_post_without_approval(forum, user):
            return False
        if user.is_anonymous:
            return True  # only if an anonymous permission explicitly allows it
        # Staff (editors, moderators) and the forum's moderators are trusted from the start.
        return user.is_staff or self.can_approve_posts(forum, user) or is_trusted(user)
