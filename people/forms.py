"""The profile form (its people part; machina's forum part is forum.forum_member.forms) and the
account deletion form."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.utils.translation import gettext_lazy as _

from people.models import Profile, Skill
from tavolone.accounts import usernames


class PersonForm(forms.ModelForm):
    prefix = "person"

    class Meta:
        model = Profile
        fields = [
            "visibility",
            "display_name",
            "bio",
            "skills",
            "tags",
            "open_to_collaborations",
            "open_to_desk_swaps",
            "open_to_events",
            "links",
        ]
        widgets = {
            "visibility": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "skills": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.all()

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if name and usernames.is_mixed_script(name.replace(" ", "")):
            raise forms.ValidationError(
                _("Use letters of one alphabet only: mixed alphabets can imitate other names."),
                code="mixed_script",
            )
        with closing(self._others_names()) as others:  # its cursors now (accounts/forms.py)
            clashes = bool(name) and usernames.clashes_with(name, others)
        if clashes:
            raise forms.ValidationError(
                _("This name looks too much like a member's name: choose another one."),
                code="confusable",
            )
        return name

    def _others_names(self) -> Iterator[str]:
        """Every other member's username and display name: a display name must not pass for
        theirs (a coworker calling themselves "Redazione", or "Ada Zоrzi" with a Cyrillic о)."""
        own = self.instance.user_id
        users = get_user_model().objects.exclude(pk=own).values_list("username", flat=True)
        yield from users.iterator()
        names = Profile.objects.exclude(user_id=own).exclude(display_name="")
        yield from names.values_list("display_name", flat=True).iterator()

    def clean_tags(self) -> list[str]:
        tags = [" ".join(t.split())[:50] for t in self.cleaned_data.get("tags") or []]
        if len(tags) > 15:
            raise forms.ValidationError(_("At most 15 tags."))
        return [t for t in tags if t]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data will be deleted for good.")
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(): django-axes counts wrong guesses here as at the login.
        request = getattr(self, "request", None)
        credentials = {"username": self.user.get_username(), "password": password}
        if authenticate(request, **credentials) is None:
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
