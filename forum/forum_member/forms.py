"""machina's profile form, plus the coworker's home space."""

from machina.apps.forum_member.forms import ForumProfileForm as BaseForumProfileForm

from tavolone.urlids import IdModelChoiceField


class ForumProfileForm(BaseForumProfileForm):
    class Meta(BaseForumProfileForm.Meta):
        fields = [*BaseForumProfileForm.Meta.fields, "home_space"]
        field_classes = {"home_space": IdModelChoiceField}
