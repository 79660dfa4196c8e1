"""machina's profile form, plus the coworker's home space."""

from django import forms
from machina.apps.forum_member.forms import ForumProfileForm as BaseForumProfileForm


class SpaceChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:  # an id past the column's range (SQLite's driver raises)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class ForumProfileForm(BaseForumProfileForm):
    class Meta(BaseForumProfileForm.Meta):
        fields = [*BaseForumProfileForm.Meta.fields, "home_space"]
        field_classes = {"home_space": SpaceChoiceField}
