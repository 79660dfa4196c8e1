from django.core.management.base import BaseCommand
from machina.core.db.models import get_model

from forum.forum_conversation.forum_attachments.relocate import move_public_attachments


class Command(BaseCommand):
    help = (
        "Move forum attachments still stored in the public media folder to private storage "
        "(migrate does it once; run again after restoring old files). Idempotent."
    )

    def handle(self, *args, **options):
        moved = move_public_attachments(get_model("forum_attachments", "Attachment"))
        self.stdout.write(f"{moved} attachment(s) moved to private storage.")
