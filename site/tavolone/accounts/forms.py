from contextlib import closing

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from tavolone.accounts import usernames


class SignUpForm(UserCreationForm):
    """Sign-up. The email address is not checked for uniqueness here: telling the visitor it is
    taken would tell anyone which addresses have an account (the view handles it quietly)."""

    email = forms.EmailField(label=_("Email"), help_text=_("We send you a link to confirm it."))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_username(self) -> str | None:
        username = super().clean_username()
        if not username:
            return username
        if usernames.is_mixed_script(username):
            raise forms.ValidationError(
                _("Use letters of one alphabet only: mixed alphabets can imitate other names."),
                code="mixed_script",
            )
        # Closed here, not when garbage-collected: the refusal keeps this frame alive in a
        # cycle, and PostgreSQL's cursor, closed late, would abort a later request's transaction.
        with closing(
            get_user_model().objects.values_list("username", flat=True).iterator()
        ) as taken:
            clashes = usernames.clashes_with(username, taken)
        if clashes:
            raise forms.ValidationError(
                _("This name looks too much like a member's name: choose another one."),
                code="confusable",
            )
        return username

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def email_taken(self) -> bool:
        email = self.cleaned_data["email"]
        return get_user_model().objects.filter(email__iexact=email).exists()
