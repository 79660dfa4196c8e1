"""machina's post and topic forms with a one-time token, the markup caps, the new-account rate
limit, the preview rate limit (form errors, never a 500) and a bound on the poll's duration."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forms import PostForm as BasePostForm
from machina.apps.forum_conversation.forms import TopicForm as BaseTopicForm

from forum import markup, submissions
from forum.trust import count_preview, is_rate_limited, preview_rate_limit, rate_limit


def _refusal(limit: str, code: str) -> forms.ValidationError:
    """A writing limit's error: the limit, and that the text stays in the form for later."""
    kept = _("Your text is kept below: please try again in a few minutes.")
    return forms.ValidationError(f"{limit} {kept}", code=code)


class WritingLimitsMixin:
    """The checks our post and topic forms add to machina's, and a new post's one-time token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # a retried submission finds its post (forum/submissions.py)
            self.fields[submissions.FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=submissions.new_token
            )

    def clean_content(self):
        content = self.cleaned_data.get("content")
        markup.validate(content)  # too long or too deep: said before anything renders it
        return content

    def clean(self):
        cleaned_data = super().clean()  # machina sets the poster here
        # machina's views preview instead of saving when the button named "preview" was used.
        if "preview" in self.data and not count_preview(self.user):
            previews, minutes = preview_rate_limit()
            limit = _("You can preview at most %(previews)s times every %(minutes)s minutes.")
            raise _refusal(
                limit % {"previews": previews, "minutes": minutes}, "preview_rate_limited"
            )
        # Only new posts count; editing an existing one is never limited.
        if not self.instance.pk and self.user is not None and is_rate_limited(self.user):
            posts, minutes = rate_limit()
            limit = _("New members can write at most %(posts)s posts every %(minutes)s minutes.")
            raise _refusal(limit % {"posts": posts, "minutes": minutes}, "rate_limited")
        return cleaned_data


class PostForm(WritingLimitsMixin, BasePostForm):
    pass


# A poll runs at most ten years. machina bounds nothing: a duration in days past the calendar's
# end (year 9999) made every later view of the topic a server error, and one past PostgreSQL's
# integer a database error after the topic was already saved.
POLL_MAX_DAYS = 3650


class TopicForm(WritingLimitsMixin, BaseTopicForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        duration = self.fields.get("poll_duration")
        if duration is not None:
            duration.max_value = POLL_MAX_DAYS
            duration.validators.append(MaxValueValidator(POLL_MAX_DAYS))
            duration.widget.attrs["max"] = POLL_MAX_DAYS

    def full_clean(self):
        super().full_clean()
        # machina's view reads cleaned_data["poll_question"] even when that field was refused
        # (a NUL byte, too long): keep the key, empty, so the form is shown again with its error.
        if self.is_bound and "poll_question" in self.fields:
            self.cleaned_data.setdefault("poll_question", "")
