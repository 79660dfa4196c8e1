"""machina's attachment forms: a size limit and file types checked by content."""

from django import forms
from django.conf import settings
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm as BaseAttachmentForm,
)
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from tavolone.home.services import check_image_dimensions

from .filetypes import detect

Attachment = get_model("forum_attachments", "Attachment")


def max_size() -> int:
    return int(getattr(settings, "FORUM_ATTACHMENT_MAX_SIZE", 5 * 1024 * 1024))


class AttachmentForm(BaseAttachmentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file or not hasattr(file, "content_type"):
            return file  # nothing new uploaded (an existing attachment kept as is)
        if file.size > max_size():
            raise forms.ValidationError(
                _("This file is too large: the limit is %(size)s.")
                % {"size": filesizeformat(max_size())}
            )
        file.seek(0)
        head = file.read(2048)
        file.seek(0)
        content_type = detect(file.name, head)
        if content_type is None:
            raise forms.ValidationError(
                _(
                    "This type of file is not accepted: attach PDF, images (PNG, JPEG, GIF), "
                    "office documents or plain text, with the right extension."
                )
            )
        if content_type.startswith("image/"):
            check_image_dimensions(file)  # a browser would decode it when opened
        return file


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
