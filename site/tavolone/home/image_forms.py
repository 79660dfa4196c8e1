"""Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), refusing files Pillow cannot decode.

Wagtail checks an upload's type and header, and Willow reads the size lazily: a truncated PNG or
JPEG, or a polyglot that only starts like an image, raised Pillow's own errors from the form (a
server error) or passed it and failed later in the renditions. Decoding once here (the pixel
count is already bounded by the header check) turns both into a form error.
"""

from __future__ import annotations

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = _("This image file is damaged or is not an image: upload it again or try another.")
PILLOW_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error)


def check_decodes(file) -> None:
    """Raise a ValidationError unless Pillow decodes the whole image."""
    position = file.tell()
    try:
        with Image.open(file) as image:
            image.load()
    except (*PILLOW_ERRORS, Image.DecompressionBombError) as exc:
        raise ValidationError(DAMAGED, code="image_damaged") from exc
    finally:
        file.seek(position)


class DecodableImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except PILLOW_ERRORS as exc:  # Willow opened it lazily: the header is already broken
            raise ValidationError(DAMAGED, code="image_damaged") from exc
        check_decodes(f)


class ImageForm(BaseImageForm):
    file = DecodableImageField(label=_("File"))
