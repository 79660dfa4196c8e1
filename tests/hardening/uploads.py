"""Hostile files by class. All of them are small: a "huge" image only declares huge dimensions in
its header (Pillow refuses such a header before decoding), nothing here decompresses to much."""

from __future__ import annotations

import io
import struct
import zlib

from django.conf import settings
from PIL import Image


def _png(width: int = 1, height: int = 1) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header for a huge canvas with a few bytes of pixel data (never decoded: the
    header alone is over Pillow's decompression bomb limit)."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return (
        b"\x89PNG\r\n\x1a\n"
        + header
        + _chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + _chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(1)//"

# class -> (file name, bytes, content type)
UPLOADS: dict[str, tuple[str, bytes, str]] = {
    "control-valid-png": ("ok.png", _png(), "image/png"),
    "wrong-extension": ("image.exe", _png(), "application/octet-stream"),
    "wrong-mime": ("notes.png", b"plain text, not an image\n" * 4, "image/png"),
    "double-extension": ("image.png.php", _png(), "image/png"),
    "truncated-png": ("cut.png", _png(40, 40)[:60], "image/png"),
    "truncated-jpeg": ("cut.jpg", _jpeg()[:200], "image/jpeg"),
    "polyglot-gif-js": ("poly.gif", GIF_JS, "image/gif"),
    "html-as-image": ("page.png", b"<html><script>alert(1)</script></html>", "image/png"),
    "svg-script": ("vector.svg", SVG, "image/svg+xml"),
    "huge-dimensions": ("bomb.png", png_declaring(100_000, 100_000), "image/png"),
    "wide-dimensions": ("strip.png", png_declaring(2**31 - 1, 1), "image/png"),
    "empty-file": ("empty.png", b"", "image/png"),
    "filename-traversal": ("../../../../tmp/evil.png", _png(), "image/png"),
    "filename-huge": ("a" * 400 + ".png", _png(), "image/png"),
    "filename-rtl": ("\u202egnp.exe", _png(), "image/png"),
    "filename-control": ("a\x01\x1b;b.png", _png(), "image/png"),
}


def oversized() -> tuple[str, bytes, str]:
    """One byte over the largest upload the site accepts (a plain file: cheap to build)."""
    limit = max(
        getattr(settings, "FORUM_ATTACHMENT_MAX_SIZE", 0),
        getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 0),
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
    )
    return ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (limit + 1 - 8), "image/png")
