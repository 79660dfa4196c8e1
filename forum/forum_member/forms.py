"""machina's profile form, plus the coworker's home space and the markup caps on signatures."""

from machina.apps.forum_member.forms import ForumProfileForm as BaseForumProfileForm

from forum import markup
from tavolone.urlids import IdModelChoiceField


class ForumProfileForm(BaseForumProfileForm):
    class Meta(BaseForumProfileForm.Meta):
        fields = [*BaseForumProfileForm.Meta.fields, "home_space"]
        field_classes = {"home_space": IdModelChoiceField}

    def clean_signature(self):
        signature = self.cleaned_data.get("signature")
        markup.validate(signature)  # too long or too deep: said before anything renders it
        return signature
