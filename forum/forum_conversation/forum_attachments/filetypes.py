"""Which attachment files we accept, recognised by their first bytes (not by their name)."""

from __future__ import annotations

# (content type, extensions it may carry, leading bytes)
SIGNATURES: tuple[tuple[str, tuple[str, ...], tuple[bytes, ...]], ...] = (
    ("application/pdf", ("pdf",), (b"%PDF-",)),
    ("image/png", ("png",), (b"\x89PNG\r\n\x1a\n",)),
    ("image/jpeg", ("jpg", "jpeg"), (b"\xff\xd8\xff",)),
    ("image/gif", ("gif",), (b"GIF87a", b"GIF89a")),
    ("application/zip", ("odt", "ods", "docx", "xlsx", "pptx", "zip"), (b"PK\x03\x04",)),
)
TEXT_EXTENSIONS = ("txt", "csv", "md")
OFFICE_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def detect(name: str, head: bytes) -> str | None:
    """The content type of a file whose name and content agree, else None (refused)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for content_type, extensions, magics in SIGNATURES:
        if head.startswith(magics):
            if ext not in extensions:
                return None
            return OFFICE_TYPES.get(ext, content_type)
    if ext in TEXT_EXTENSIONS and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the sample is fine.
            if error.start < len(head) - 4:
                return None
        # Served as plain text (never HTML), whatever it contains.
        return "text/plain; charset=utf-8"
    return None
