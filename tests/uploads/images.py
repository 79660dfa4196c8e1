"""Image files for upload tests: small files that declare many pixels."""

import io
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@cache
def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")  # 1 bit per pixel: cheap to make
    return buffer.getvalue()


def png(name="foto.png", width=120, height=80) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _png(width, height), content_type="image/png")


def huge_png(name="enorme.png") -> SimpleUploadedFile:
    """About 20 KB on disk, 12000×12000 pixels (144 megapixels) once decoded."""
    return png(name, 12000, 12000)
