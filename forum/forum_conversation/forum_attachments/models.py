"""machina's Attachment, stored privately (machina's override: declared before its import).

Files live outside MEDIA_ROOT (the proxy serves that folder to anyone) under a random name, so
the only way to a file is the permission-checked download view; the original name is kept for
that view's Content-Disposition.
"""

import os
import re
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forum_attachments.abstract_models import AbstractAttachment

from tavolone.home.services import private_storage

PRIVATE_FOLDER = "attachments"
_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}$")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def attachment_upload_to(instance, filename: str) -> str:
    return instance.get_file_upload_to(filename)


def random_name(filename: str) -> str:
    """A random name (128 bits) in the private folder, keeping only the lower-case extension."""
    match = _EXTENSION.search(filename.lower())
    return f"{PRIVATE_FOLDER}/{secrets.token_hex(16)}{match.group() if match else ''}"


def clean_original_name(filename: str) -> str:
    """The name the uploader gave, without folders or control characters."""
    name = _UNSAFE.sub("", os.path.basename(filename.replace("\\", "/"))).strip()
    return name[:200] or "file"


class Attachment(AbstractAttachment):
    file = models.FileField(
        upload_to=attachment_upload_to,
        storage=private_storage,
        max_length=200,
        verbose_name=_("File"),
    )
    original_name = models.CharField(max_length=200, blank=True, verbose_name=_("file name"))

    class Meta(AbstractAttachment.Meta):
        app_label = "forum_attachments"

    def get_file_upload_to(self, filename: str) -> str:
        return random_name(filename)

    @property
    def filename(self) -> str:
        return self.original_name or os.path.basename(self.file.name)

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # a new upload: remember what it was called
            self.original_name = clean_original_name(self.file.name)
        super().save(*args, **kwargs)


from machina.apps.forum_conversation.forum_attachments.models import *  # noqa: E402, F403
