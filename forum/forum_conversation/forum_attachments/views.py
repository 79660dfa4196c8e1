"""machina's attachment view, served safely: permission checked by machina's mixin, the type
detected from the content, always a download, sent by the proxy when there is one."""

from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as BaseAttachmentView,
)

from tavolone.home.services import private_file_response

from .filetypes import detect


class AttachmentView(BaseAttachmentView):
    def render_to_response(self, context, **response_kwargs):
        attachment = self.object
        with attachment.file.open("rb") as file:
            head = file.read(2048)
        # Files stored before the content check may be anything: those go out as opaque bytes.
        content_type = detect(attachment.filename, head) or "application/octet-stream"
        return private_file_response(
            attachment.file.name, filename=attachment.filename, content_type=content_type
        )
