"""Uploaded images are refused by their dimensions before anything decodes them.

A small file can declare a huge picture (a 560 KB PNG of 12000×12000 pixels decodes to over
half a gigabyte). Pillow reads the size from the header without decoding, so every image upload
field checks it first; Pillow's own limit (set in HomeConfig.ready) backs this up wherever an
image is decoded.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image


def max_pixels() -> int:
    return int(settings.IMAGE_MAX_PIXELS)


def header_size(file) -> tuple[int, int] | None:
    """(width, height) read from the image's header only; None when it is not an image."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            return image.size
    except Image.DecompressionBombError:
        return (max_pixels() + 1, 1)  # over Pillow's own limit: too large whatever it is
    except (OSError, SyntaxError, ValueError):
        return None
    finally:
        file.seek(position)


def check_image_dimensions(file) -> None:
    """Raise a ValidationError for an image with more than IMAGE_MAX_PIXELS pixels."""
    size = header_size(file)
    if size is not None and size[0] * size[1] > max_pixels():
        raise ValidationError(
            _("This image has too many pixels: the limit is %(megapixels)s megapixels.")
            % {"megapixels": max(1, max_pixels() // 1_000_000)},
            code="image_too_large",
        )


class BoundedImageField(forms.ImageField):
    """Django's ImageField, refusing too many pixels before Pillow verifies the file."""

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            check_image_dimensions(data)
        return super().to_python(data)


def limit_pillow() -> None:
    """Pillow warns above this many pixels and refuses twice as many, wherever it decodes."""
    Image.MAX_IMAGE_PIXELS = max_pixels()
