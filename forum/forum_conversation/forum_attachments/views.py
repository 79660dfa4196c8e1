"""machina's attachment view, served safely: machina's forum permission plus the post's own
visibility (a post waiting for approval, a discussion whose article the reader may not see), the
type detected from the content, always a download, sent by the proxy when there is one."""

from machina.apps.forum_conversation.forum_attachments.views import (
    AttachmentView as BaseAttachmentView,
)

from forum import moderation
from tavolone.home.services import private_file_response

from .filetypes import detect


class AttachmentView(BaseAttachmentView):
    def perform_permissions_check(self, user, obj, perms):
        if not super().perform_permissions_check(user, obj, perms):
            return False
        handler = self.request.forum_permission_handler
        post = self.get_object().post
        return handler.can_read_topic(post.topic, user) and (
            moderation.visible_posts(type(post).objects.filter(pk=post.pk), user, handler).exists()
        )

    def render_to_response(self, context, **response_kwargs):
        attachment = self.object
        with attachment.file.open("rb") as file:
            head = file.read(2048)
        # Files stored before the content check may be anything: those go out as opaque bytes.
        content_type = detect(attachment.filename, head) or "application/octet-stream"
        return private_file_response(
            attachment.file.name, filename=attachment.filename, content_type=content_type
        )
