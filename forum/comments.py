"""Comments on a news article, written on the article's page: each one a reply to the
article's discussion topic, through the forum's own form, so the same markup, approval queue,
rate limits, one-time token and notifications apply as to a reply written in the forum."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from machina.core.loading import get_class

from forum import cms, submissions

PostForm = get_class("forum_conversation.forms", "PostForm")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

ANCHOR = "commenti"  # the id of the article's comments section
PUBLISHED = _("Your comment is published.")
WAITING = _(
    "Your message is waiting for approval: it will appear on the forum once a moderator "
    "has approved it."
)
ALREADY_SENT = _("This form had already been sent: here is your message.")
CLOSED = _("This discussion is closed to new comments.")


class CommentForm(PostForm):
    """The forum's reply form with only the text to write: the subject is the topic's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget = forms.HiddenInput()
        self.fields["enable_signature"].widget = forms.HiddenInput()
        self.fields["enable_signature"].initial = True
        self.fields.pop("lock_topic", None)  # moderators lock from the forum
        self.fields["content"].label = _("Your comment")
        self.fields["content"].help_text = _("Markdown is accepted, as in the forum.")


def comment_form(topic, user, data=None, handler=None) -> CommentForm | None:
    """The comment form of an article's discussion topic, or None if `user` may not reply
    (`handler`: the request's permission handler, which remembers what it read)."""
    if topic is None or not (handler or PermissionHandler()).can_add_post(topic, user):
        return None
    return CommentForm(user=user, forum=topic.forum, topic=topic, data=data)


def sign_in_url(page) -> str:
    return reverse("login") + "?" + urlencode({"next": f"{page.url}#{ANCHOR}"})


def comment_url(page, post) -> str:
    return f"{page.url}#{ANCHOR}-{post.pk}" if post.approved else f"{page.url}#{ANCHOR}"


def post_comment(page, request: HttpRequest) -> HttpResponse | CommentForm:
    """Handle a comment sent to the article `page`: a redirect back to the article (written,
    already written, or not allowed), or the form with its errors to show again."""
    user = request.user
    if not user.is_authenticated:
        return HttpResponseRedirect(sign_in_url(page))
    topic = cms.news_topic(page)
    form = comment_form(topic, user, data=request.POST)
    if form is None:
        messages.error(request, CLOSED)
        return HttpResponseRedirect(f"{page.url}#{ANCHOR}")
    token = submissions.read_token(request.POST)
    sent = submissions.submitted_post(token)
    if sent is not None and not submissions.is_authors(sent, user):
        sent, token = None, None  # someone else's token: a new comment, kept without it
    if sent is not None:
        messages.info(request, ALREADY_SENT)
        return HttpResponseRedirect(comment_url(page, sent))
    try:
        with transaction.atomic():
            if not form.is_valid():
                return form
            post = form.save()
            submissions.record(token, post)
    except IntegrityError:  # the same form sent twice at once: the other one wrote it
        sent = submissions.submitted_post(token)
        if sent is None:
            raise
        return HttpResponseRedirect(comment_url(page, sent))
    messages.success(request, PUBLISHED if post.approved else WAITING)
    return HttpResponseRedirect(comment_url(page, post))
