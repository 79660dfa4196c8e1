"""machina's markup renderer (MACHINA_MARKUP_LANGUAGE): Markdown, then an nh3 allow-list.

machina stores the rendered HTML and prints it with mark_safe, so whatever this returns must
be safe: Markdown passes raw HTML through and allows any link scheme, nh3 removes all that is
not on the list below (scripts, event handlers, styles, javascript:/data: URLs, SVG…).
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
URL_ATTRIBUTES = {"href", "src"}


def _drop_disguised_urls(tag: str, attribute: str, value: str) -> str | None:
    """Belt and braces over nh3's scheme check: no URL that spells a script scheme once its
    blanks are removed (Markdown turns a tab inside "java\tscript:" into spaces)."""
    if attribute in URL_ATTRIBUTES:
        compact = "".join(value.split()).lower()
        if compact.startswith(("javascript:", "vbscript:", "data:")):
            return None
    return value


def sanitize(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links get a safe rel."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_drop_disguised_urls,
    )


def render(text: str | None) -> str:
    """Render a post, signature or forum description to safe HTML."""
    if not text:
        return ""
    html = markdown.markdown(str(text), extensions=["fenced_code", "nl2br", "sane_lists", "tables"])
    return sanitize(html)
