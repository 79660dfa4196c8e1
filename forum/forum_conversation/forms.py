"""machina's post and topic forms with the new-account rate limit (a form error, not a 500)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forms import PostForm as BasePostForm
from machina.apps.forum_conversation.forms import TopicForm as BaseTopicForm

from forum.trust import is_rate_limited, rate_limit


class RateLimitMixin:
    def clean(self):
        cleaned_data = super().clean()  # machina sets the poster here
        # Only new posts count; editing an existing one is never limited.
        if not self.instance.pk and self.user is not None and is_rate_limited(self.user):
            posts, minutes = rate_limit()
            raise forms.ValidationError(
                _(
                    "New members can write at most %(posts)s posts every %(minutes)s minutes. "
                    "Your text is kept below: please try again in a few minutes."
                )
                % {"posts": posts, "minutes": minutes},
                code="rate_limited",
            )
        return cleaned_data


class PostForm(RateLimitMixin, BasePostForm):
    pass


class TopicForm(RateLimitMixin, BaseTopicForm):
    def full_clean(self):
        super().full_clean()
        # machina's view reads cleaned_data["poll_question"] even when that field was refused
        # (a NUL byte, too long): keep the key, empty, so the form is shown again with its error.
        if self.is_bound and "poll_question" in self.fields:
            self.cleaned_data.setdefault("poll_question", "")
