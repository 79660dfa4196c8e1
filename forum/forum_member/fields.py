"""machina's avatar field, checked by dimensions in every form that edits it (ours, admin)."""

from machina.models.fields import ExtendedImageField

from tavolone.home.services import BoundedImageField


class BoundedAvatarField(ExtendedImageField):
    # machina resizes the avatar while the form builds the profile, before any model
    # validation: the form field is the last place to refuse a huge image undecoded.
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": BoundedImageField, **kwargs})
