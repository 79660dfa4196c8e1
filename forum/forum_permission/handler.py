"""machina's permission handler, extended with Tavolone's community rules.

- closed forums (unpublished or deleted space) take no new topics or replies;
- a forum's content can only be added by those who may read it;
- a topic derived from a page (a news article's discussion) is there only for those who may see
  the page (forum/derived.py): reading it, replying, editing, voting, (un)subscribing;
- trust: a member's first posts wait for approval until TRUSTED_AFTER of them were approved
  (Discourse-style new-user limits) on top of machina's `can_post_without_approval`;
- a topic waiting for approval is read only by its author and the forum's moderators;
- a poll whose stored duration ends past the calendar's end never closes (machina computed the
  end date and failed with a server error for everyone opening the topic).
"""

import copy
import datetime as dt

from machina.apps.forum_permission.handler import PermissionHandler as BasePermissionHandler

from forum import derived
from forum.forum_permission.checker import VISITOR_PERMS_TAGS, perms_name, perms_tags
from forum.trust import is_trusted
from tavolone.pagecache.memo import remembered


class PermissionHandler(BasePermissionHandler):
    def readable_forum_ids(self, user) -> list[int]:
        """The ids of get_readable_forums(all forums, user), without its last query (which
        only turns the ids back into forums): search needs the ids on every request."""
        if user.is_superuser:
            return sorted(forum.pk for forum in self._get_all_forums())
        # Every visitor's, or one member's: read through the ORM and the tree once, then kept
        # under the tags their permissions follow (checker.py).
        return remembered(
            perms_name("readable-forums", user),
            perms_tags(user),
            lambda: self._ids(user, ["can_read_forum"], tree=True),
        )

    def moderated_forum_ids(self, user) -> list[int]:
        """The ids of get_moderation_queue_forums(user), remembered as readable_forum_ids: the
        header asks on every page whether a member moderates anything."""
        if user.is_anonymous or user.is_superuser:
            return sorted(forum.pk for forum in self.get_moderation_queue_forums(user))
        return remembered(
            perms_name("moderated-forums", user),
            perms_tags(user),
            lambda: self._ids(user, ["can_approve_posts"], tree=False),
        )

    def _ids(self, user, perm_codenames: list[str], *, tree: bool) -> list[int]:
        granted = self._get_forums_for_user(user, perm_codenames, use_tree_hierarchy=tree)
        return sorted(forum.pk for forum in granted)

    def _filter_granted_forums_using_tree(self, granted_forums):
        """machina's rule (a forum is visible only if its parent is) in one pass over the forums
        it already read, in tree order: machina walks the tree with a query per node, on every
        search, home page and forum page."""
        granted = {forum.pk for forum in granted_forums}
        visible: set[int] = set()
        forums = sorted(self._get_all_forums(), key=lambda f: (f.tree_id, f.lft))
        for forum in forums:
            if forum.pk in granted and (forum.parent_id is None or forum.parent_id in visible):
                visible.add(forum.pk)
        return [forum for forum in forums if forum.pk in visible]

    def viewer(self, user) -> derived.Viewer:
        """`user` and what they may see of the page tree, read once for this handler."""
        viewers = self.__dict__.setdefault("_viewers", {})
        key = user.pk if user.is_authenticated else "anonymous"
        if key not in viewers:
            viewers[key] = derived.Viewer(user)
        return viewers[key]

    def _get_checker(self, user):
        checker = super()._get_checker(user)
        checker._viewer = self.viewer(user)  # the page tree read once per user and request
        return checker

    def can_read_topic(self, topic, user) -> bool:
        """Whether `user` may see `topic` (in a forum they read): a news discussion only while
        they may see its article; a topic waiting for approval only its author and the forum's
        moderators. Asked for every post of a page: answered once per topic."""
        answers = self.__dict__.setdefault("_topic_reads", {})
        key = (topic.pk, user.pk if user.is_authenticated else None)
        if key not in answers:
            answers[key] = derived.can_see_topic(topic, user, self.viewer(user)) and (
                topic.approved
                or (user.is_authenticated and topic.poster_id == user.pk)
                or (user.is_authenticated and self.can_approve_posts(topic.forum, user))
            )
        return answers[key]

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
            and self.can_read_topic(topic, user)
            and super().can_add_post(topic, user)
        )

    def can_edit_post(self, post, user):
        return super().can_edit_post(post, user) and self.can_read_topic(post.topic, user)

    def can_delete_post(self, post, user):
        return super().can_delete_post(post, user) and self.can_read_topic(post.topic, user)

    def can_subscribe_to_topic(self, topic, user):
        return super().can_subscribe_to_topic(topic, user) and self.can_read_topic(topic, user)

    def can_unsubscribe_from_topic(self, topic, user):
        # Our signed unsubscribe link (forum/views.py) works whatever the topic's state.
        return super().can_unsubscribe_from_topic(topic, user) and self.can_read_topic(topic, user)

    def can_vote_in_poll(self, poll, user):
        if not self.can_read_topic(poll.topic, user):
            return False
        if (
            poll.duration
            and poll.duration > (dt.datetime.max - poll.created.replace(tzinfo=None)).days
        ):
            poll = copy.copy(poll)
            poll.duration = None  # an end past the year 9999: the poll is open for good
        return super().can_vote_in_poll(poll, user)

    def can_access_moderation_queue(self, user):
        # In every forum page's header. A visitor's answer is every visitor's: machina reads
        # all forums for it on each page (pagecache/memo.py keeps it under the tags their
        # permissions follow).
        if user.is_anonymous:
            ask = super().can_access_moderation_queue
            return remembered("visitor-moderation-queue", VISITOR_PERMS_TAGS, lambda: ask(user))
        return bool(self.moderated_forum_ids(user))

    def can_post_without_approval(self, forum, user):
        if not super().can_post_without_approval(forum, user):
            return False
        if user.is_anonymous:
            return True  # only if an anonymous permission explicitly allows it
        # Staff (editors, moderators) and the forum's moderators are trusted from the start.
        return user.is_staff or self.can_approve_posts(forum, user) or is_trusted(user)
