"""Attachments stored by machina in the public media folder, moved to private storage."""

from __future__ import annotations

from django.core.files.storage import storages

from tavolone.home.services import private_storage

from .models import PRIVATE_FOLDER, clean_original_name, random_name


def move_public_attachments(Attachment) -> int:
    """Move every attachment not yet private; returns how many moved. Idempotent.

    `Attachment` is the model (a migration passes its historical one)."""
    public, private = storages["default"], private_storage()
    moved = 0
    for attachment in Attachment.objects.exclude(file__startswith=PRIVATE_FOLDER + "/"):
        old = attachment.file.name
        if not old or not public.exists(old):
            continue
        with public.open(old, "rb") as source:
            new = private.save(random_name(old), source)
        original = attachment.original_name or clean_original_name(old)
        Attachment.objects.filter(pk=attachment.pk).update(file=new, original_name=original)
        public.delete(old)
        moved += 1
    return moved
