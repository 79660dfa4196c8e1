"""machina's conversation views, found by its `get_class("forum_conversation.views", …)`.

- A topic waiting for approval is a 404 but for its author and its forum's moderators, who also
  see the waiting posts of a topic (marked as such); everyone else sees approved posts only.
- An author whose post waits is told so, instead of "published".
- A new post's form is sent once: a retried submission is led to the post it already created.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model

from forum import moderation, submissions, topic_fragments
from tavolone.pagecache import declared as page_policy
from tavolone.urlids import parse_id

Topic = get_model("forum_conversation", "Topic")


class WaitingTopicMixin:
    """A topic waiting for approval is not there for whoever may not read it (a 404)."""

    def get_topic(self):
        topic = super().get_topic()
        handler = self.request.forum_permission_handler
        if topic is not None and not handler.can_read_topic(topic, self.request.user):
            raise Http404("No topic here.")
        return topic


class TopicView(WaitingTopicMixin, machina_views.TopicView):
    def dispatch(self, request, *args, **kwargs):
        # Before the topic and its posts are read: a change committed meanwhile must not be
        # stored as new (forum/topic_fragments.py).
        self.fragments_version = topic_fragments.cache_version(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_topic(self):
        if not hasattr(self, "topic"):
            # With its first post: each post asks whether it is the topic's head (machina's
            # Post.is_topic_head), a query otherwise; with its poll, if any (machina asks).
            topics = Topic.objects.select_related("forum", "first_post", "poll")
            self.topic = get_object_or_404(topics, pk=self.kwargs["pk"])
        return super().get_topic()

    def get(self, request, **kwargs):
        post = request.GET.get("post")
        if post is not None and parse_id(post) is None:
            # machina hands any str.isdigit() value ("²") to the ORM: a server error.
            request.GET = request.GET.copy()
            del request.GET["post"]
        return super().get(request, **kwargs)

    def get_queryset(self):
        # The posts alone: their cards come from the cache, or fetch what they show
        # (forum/topic_fragments.py).
        handler = self.request.forum_permission_handler
        return moderation.visible_posts(self.get_topic().posts.all(), self.request.user, handler)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic_fragments_version"] = self.fragments_version
        # Each poster's card shows their count of posts, which their posts elsewhere change.
        posters = sorted({post.poster_id for post in context["posts"] if post.poster_id})
        page_policy.depends_on(self.request, *map(page_policy.poster, posters))
        return context


class AtomicPostMixin:
    """A post, its topic, poll and attachments are saved together or not at all."""

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().post(request, *args, **kwargs)


class OnePostPerFormMixin:
    """A submission whose one-time token already created a post (the answer was lost, the form
    sent again) leads to that post instead of writing another; checked before the form, so a
    rate limit never refuses the retry of a post that was accepted. Listed before
    AtomicPostMixin: a race lost on the token's unique key is caught after the rollback."""

    already_sent_message = _("This form had already been sent: here is your message.")

    def post(self, request, *args, **kwargs):
        self.submission_token = None
        if "preview" not in request.POST:
            self.submission_token = submissions.read_token(request.POST)
        sent = submissions.submitted_post(self.submission_token)
        if sent is not None:
            if submissions.is_authors(sent, request.user):
                return self.sent_already(sent)
            self.submission_token = None  # someone else's token: a new post, kept without it
        try:
            return super().post(request, *args, **kwargs)
        except IntegrityError:
            sent = submissions.submitted_post(self.submission_token)
            if sent is None or not submissions.is_authors(sent, request.user):
                raise
            return self.sent_already(sent)

    def sent_already(self, post):
        self.forum_post = post
        messages.info(self.request, self.already_sent_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_valid(self, post_form, *args, **kwargs):
        response = super().form_valid(post_form, *args, **kwargs)
        if not self.preview:
            submissions.record(self.submission_token, self.forum_post)
        return response


class AwaitingApprovalMessageMixin:
    """machina says "posted successfully" and then warns that the post awaits validation: a
    waiting post gets one message, that it waits for approval."""

    approval_required_message = _(
        "Your message is waiting for approval: it will appear on the forum once a moderator "
        "has approved it."
    )

    @property
    def success_message(self):
        post = getattr(self, "forum_post", None)
        if post is not None and not post.approved:
            return ""  # Django's message storage drops an empty message
        return self.published_message


class TopicCreateView(
    OnePostPerFormMixin,
    AtomicPostMixin,
    AwaitingApprovalMessageMixin,
    WaitingTopicMixin,
    machina_views.TopicCreateView,
):
    published_message = machina_views.TopicCreateView.success_message


class PostCreateView(
    OnePostPerFormMixin,
    AtomicPostMixin,
    AwaitingApprovalMessageMixin,
    WaitingTopicMixin,
    machina_views.PostCreateView,
):
    published_message = machina_views.PostCreateView.success_message


class TopicUpdateView(
    AtomicPostMixin, AwaitingApprovalMessageMixin, WaitingTopicMixin, machina_views.TopicUpdateView
):
    published_message = machina_views.TopicUpdateView.success_message


class PostUpdateView(
    AtomicPostMixin, AwaitingApprovalMessageMixin, WaitingTopicMixin, machina_views.PostUpdateView
):
    published_message = machina_views.PostUpdateView.success_message
