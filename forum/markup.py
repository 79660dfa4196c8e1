"""machina's markup renderer (MACHINA_MARKUP_LANGUAGE): GitHub-flavoured Markdown, then nh3.

machina stores the rendered HTML and prints it with mark_safe, so whatever this returns must be
safe and must cost little to make, whoever wrote the source:

- cmark-gfm (the C reference implementation, through cmarkgfm) renders in time linear in the
  source on CommonMark's pathological inputs, without recursion. Raw HTML passes through to
  nh3, as it did with Python-Markdown (allow-listed tags keep working, others lose their tags);
- the source is capped in length, in nesting (an HTML parser, nh3's included, scans the open
  elements at each tag: deep nesting costs length times depth) and in table cells (cmark pads
  every row of a table to the header's width: a wide header and many short lines would make
  megabytes). `validate` tells the writer which cap; `render` shows an over-limit source (stored
  before the caps, or written where no form checks it) as escaped plain text;
- nh3 keeps only the allow-listed tags, attributes and URL schemes;
- images from other hosts become links: a reader's browser loads nothing from a third party
  until the reader clicks.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# Defaults; settings may override them (FORUM_MARKUP_* in settings.py).
MAX_LENGTH = 20_000  # characters of source
MAX_DEPTH = 32  # elements inside one another (a list item in a list is two)
MAX_TABLE_CELLS = 10_000  # cells of all tables, as cmark pads them (a plain one stays under)

EXTENSIONS = ["table", "strikethrough", "autolink"]
# Hard breaks: a newline in the source is a line break on the page, as writers expect.
# Unsafe: raw HTML is kept for nh3 to sanitise (cmark's safe mode drops whole HTML blocks).
OPTIONS = Options.CMARK_OPT_HARDBREAKS | Options.CMARK_OPT_VALIDATE_UTF8 | Options.CMARK_OPT_UNSAFE

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
URL_ATTRIBUTES = {"href", "src"}

# cmark escapes `<` in text: in its output, what looks like a tag is one (its own or raw HTML).
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
FORMATTING_TAGS = {
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
}  # fmt: skip
# A start tag of these closes an open <p> first (`<p>a<dl>`: the dl follows the paragraph, and
# the `</p>` after it closes nothing), unless a scope boundary stands between them.
CLOSES_P_TAGS = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "listing", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul", "xmp",
}  # fmt: skip
SCOPE_TAGS = {"applet", "button", "caption", "html", "marquee", "object", "table", "td", "th"}
# An open one of these is closed by the next of its kind (`<li>a<li>b` are siblings).
SIBLING_TAGS = {"dd", "dt", "li", "option", "p", "td", "th", "tr"}
_CONTAINER_PREFIX = " \t>"  # quote markers and indentation before a table's line
# nh3's output: every attribute double-quoted, `"` escaped inside values.
_IMG = re.compile(r'<img((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_LINK_OR_IMG = re.compile(r'<a\b(?:\s+[a-z-]+="[^"]*")*>|</a>|' + _IMG.pattern)


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, f"FORUM_MARKUP_{name}", default))


def _to_html(text: str) -> str:
    return cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS, extensions=EXTENSIONS)


def nesting_depth(rendered: str, enough: int) -> int:
    """How deep elements nest in this HTML, as a parser would build them, counted until it
    passes `enough`. It errs on the deep side: tags closed implicitly stay open here, and so do
    formatting elements (`<b>`, `<i>`…) closed implicitly, which a parser reopens inside what
    follows (raw `<i>` left open in each list item nests every later item one level deeper)."""
    stack: list[str] = []
    lingering = 0  # formatting elements closed implicitly, still "active" for a parser

    def close_from(at: int) -> None:
        nonlocal lingering
        lingering += sum(1 for tag in stack[at + 1 :] if tag in FORMATTING_TAGS)
        del stack[at:]

    deepest = 0
    for closing, name in _TAG.findall(rendered):
        name = name.lower()
        if name in VOID_TAGS:
            continue
        if closing:
            if stack and stack[-1] == name:
                stack.pop()
            elif name in stack:  # a parser closes all opened after it
                close_from(len(stack) - 1 - stack[::-1].index(name))
            elif name in FORMATTING_TAGS and lingering:
                lingering -= 1  # an end tag for one of them ends it
            continue
        if name in CLOSES_P_TAGS and "p" in stack:
            at = len(stack) - 1 - stack[::-1].index("p")
            if not SCOPE_TAGS.intersection(stack[at + 1 :]):
                close_from(at)
        if not (stack and stack[-1] == name and name in SIBLING_TAGS):
            stack.append(name)
        if len(stack) + lingering > deepest:
            deepest = len(stack) + lingering
            if deepest > enough:
                break
    return deepest


def _is_delimiter_row(line: str) -> bool:
    """A GFM table's delimiter row, such as `|:--|--:|` (string methods: no regex backtracking)."""
    row = line.lstrip(_CONTAINER_PREFIX)
    return "|" in row and "-" in row and not row.strip("|:- \t")


def table_cells(text: str, enough: int) -> int:
    """An upper bound on the cells cmark makes for the source's tables (each delimiter row's
    columns times the lines after it up to a blank line: all may become padded rows), counted
    until it passes `enough`."""
    lines = text.splitlines()
    cells = 0
    for i, line in enumerate(lines):
        if not _is_delimiter_row(line):
            continue
        columns = sum(1 for cell in line.split("|") if "-" in cell)  # each has its dashes
        cells += 2 * columns  # the header and the delimiter row
        row = i + 1  # indexes, not slices: many delimiter rows must not copy the rest each
        while cells <= enough and row < len(lines) and lines[row].strip(_CONTAINER_PREFIX):
            cells += columns
            row += 1
        if cells > enough:
            break
    return cells


# The last source checked and its outcome: a form checks the source, then the preview or the
# save renders the same text; one entry per process, so cmark runs once for both.
_last_checked: tuple[tuple, tuple[list[ValidationError], str]] | None = None


def _checked(text: str) -> tuple[list[ValidationError], str]:
    """The caps' errors for this source (empty when it is fine), and cmark's HTML if rendered."""
    global _last_checked
    limits = (
        _limit("MAX_LENGTH", MAX_LENGTH),
        _limit("MAX_TABLE_CELLS", MAX_TABLE_CELLS),
        _limit("MAX_DEPTH", MAX_DEPTH),
    )
    last = _last_checked
    if last is not None and last[0] == (text, *limits):
        return last[1]
    outcome = _check(text, *limits)
    _last_checked = ((text, *limits), outcome)
    return outcome


def _check(
    text: str, max_length: int, max_cells: int, max_depth: int
) -> tuple[list[ValidationError], str]:
    if len(text) > max_length:
        message = ngettext_lazy(
            "This text is %(length)d characters long: the most is %(max)d character.",
            "This text is %(length)d characters long: the most is %(max)d characters.",
            "max",
        )
        params = {"length": len(text), "max": max_length}
        return [ValidationError(message, code="markup_too_long", params=params)], ""
    if table_cells(text, enough=max_cells) > max_cells:
        message = _("The tables are too large: at most %(max)d cells in all, please split them.")
        params = {"max": max_cells}
        return [ValidationError(message, code="markup_table_too_large", params=params)], ""
    rendered = _to_html(text)
    if nesting_depth(rendered, enough=max_depth) > max_depth:
        message = _("Lists, quotes or tags are nested too deep: at most %(max)d levels, please.")
        params = {"max": max_depth}
        return [ValidationError(message, code="markup_too_deep", params=params)], rendered
    return [], rendered


def validate(text: str | None) -> None:
    """Form validator: the caps' error, with a clear message (never a 500)."""
    if text and (errors := _checked(str(text))[0]):
        raise ValidationError(errors)


def _drop_disguised_urls(tag: str, attribute: str, value: str) -> str | None:
    """Belt and braces over nh3's scheme check: no URL that spells a script scheme once its
    blanks are removed."""
    if attribute in URL_ATTRIBUTES:
        compact = "".join(value.split()).lower()
        if compact.startswith(("javascript:", "vbscript:", "data:")):
            return None
    return value


def sanitize(html_text: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; links get a safe rel."""
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_drop_disguised_urls,
    )


def _own_hosts() -> set[str]:
    site_host = urlsplit(getattr(settings, "SITE_URL", "")).hostname
    extra = getattr(settings, "FORUM_MARKUP_IMAGE_HOSTS", [])
    return {host.lower() for host in [site_host, *extra] if host}


def is_same_site(url: str) -> bool:
    """Whether a browser would load this URL from our own site (or a host we serve images from).

    Read as a browser does: it drops tabs and newlines inside a URL and takes a backslash for a
    slash, so `/\\evil.example/x.png` is another host."""
    compact = "".join(ch for ch in url if ch > " " and ch != "\x7f").replace("\\", "/")
    parts = urlsplit(compact)
    if not parts.scheme and not parts.netloc and not compact.startswith("//"):
        return True  # a path on our own site
    return parts.scheme in {"http", "https"} and (parts.hostname or "") in _own_hosts()


def _image_as_link(attributes: dict[str, str], inside_link: bool) -> str:
    """A remote image, as a link the reader may follow (or, inside a link, its text)."""
    src = attributes.get("src", "")
    label = attributes.get("alt") or src
    if inside_link or not src:
        return html.escape(label)
    # A picture sign, not a word: the HTML is stored, whatever the reader's language.
    return f'<a href="{html.escape(src)}" rel="{LINK_REL}">\U0001f5bc {html.escape(label)}</a>'


def unembed_remote_images(sanitized: str) -> str:
    """Same-site images stay; any other becomes a link (no third-party request on page view)."""
    depth = 0

    def replace(match: re.Match) -> str:
        nonlocal depth
        tag = match.group(0)
        if tag.startswith("<a"):
            depth += 1
            return tag
        if tag == "</a>":
            depth = max(depth - 1, 0)
            return tag
        attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match.group(1) or "")}
        if is_same_site(attributes.get("src", "")) and attributes.get("src"):
            return tag
        return _image_as_link(attributes, inside_link=depth > 0)

    return _LINK_OR_IMG.sub(replace, sanitized)


def render_checked(text: str) -> tuple[str, bool]:
    """(safe HTML, whether the source was within the caps): over them, escaped plain text."""
    errors, rendered = _checked(text)
    if errors:
        return linebreaks(text, autoescape=True), False
    return unembed_remote_images(sanitize(rendered)), True


def render(text: str | None) -> str:
    """Render a post, signature or forum description to safe HTML.

    A source over the caps (stored before them, or written where no form checks) is shown as
    escaped plain text: bounded work, and nothing the writer typed is lost."""
    return render_checked(str(text))[0] if text else ""
