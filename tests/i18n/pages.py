"""What the both-languages test reads: the pages to render, and the interface strings of the
other language (from our catalogue) that must not show on them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth import get_user_model
from django.template.base import Lexer, TokenType
from django.urls import reverse
from machina.core.db.models import get_model

from forum.links import topic_url
from tavolone.lib import translations

ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
# Names, the same in both languages: a template may write them outside {% translate %}.
NAMES = {"Tavolone", "News", "Forum", "RSS", "Atom"}
# The server-error page is rendered without the request's language: it says both, on purpose.
BILINGUAL_TEMPLATES = {"500.html"}


class _Text(HTMLParser):
    """The text a reader meets: text nodes and the attributes read aloud or shown, not code."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        self.nodes += [v for k, v in attrs if k in ATTRIBUTES and v]
        if tag == "input" and dict(attrs).get("type") == "submit":
            self.nodes.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(data)


def texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [" ".join(node.split()) for node in parser.nodes]


def _fragments(text: str) -> list[str]:
    """The literal pieces of a message between its placeholders, long enough to be telling."""
    pieces = [" ".join(p.split()).strip(" .,:;!?()\"'«»–-") for p in _PLACEHOLDER.split(text)]
    return [p for p in pieces if len(_WORD.findall(p)) >= 2 and len(p) >= 8]


def foreign_strings(language: str) -> dict[str, str]:
    """For a page in `language`, our catalogue's strings of the other one: fragment → msgid.
    Only translated messages whose two languages differ; Italian ones for English pages."""
    found: dict[str, str] = {}
    for entry in translations.load_catalog().translated_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            plural = entry.msgstr_plural
            pairs = [(entry.msgid, plural.get(0, "")), (entry.msgid_plural, plural.get(1, ""))]
        for english, italian in pairs:
            if not italian or english == italian:
                continue
            own, other = (english, italian) if language == "en" else (italian, english)
            for fragment in _fragments(other):
                if fragment not in own:
                    found.setdefault(fragment, entry.msgid)
    return found


def leaks(html: str, foreign: dict[str, str]) -> list[str]:
    """Text nodes that are (mostly) one of the `foreign` strings: an interface string is a node
    of its own or most of one; an editor's paragraph that happens to hold the words is not."""
    nodes = texts(html)
    hits = []
    for fragment, msgid in foreign.items():
        pattern = re.compile(rf"(?<![\w]){re.escape(fragment)}(?![\w])")
        for node in nodes:
            if len(node) <= 2 * len(fragment) + 30 and pattern.search(node):
                hits.append(f"{fragment!r} (msgid {msgid!r}) in {node[:120]!r}")
                break
    return hits


def demo_urls() -> dict[str, list[str]]:
    """Every page type of the demo, and the main forum, account and admin pages, by who asks
    for them (None: an anonymous visitor)."""
    from community.models import NewsPage, SpacePage

    Topic = get_model("forum_conversation", "Topic")
    Forum = get_model("forum", "Forum")
    User = get_user_model()
    space = SpacePage.objects.live().filter(hosts__isnull=False).first()
    article = NewsPage.objects.live().order_by("-date").first()
    forum = Forum.objects.get(board_key="bacheca")
    topic = Topic.objects.filter(forum=forum, approved=True).order_by("-posts_count").first()
    person = User.objects.get(username="giulia")
    topic_kwargs = {"forum_slug": forum.slug, "forum_pk": forum.pk}
    public = [
        "/",
        "/spazi/",
        space.url,
        "/news/",
        article.url,
        "/cerca/?q=scrivania",
        "/cerca/?q=zzzzzzqqq",
        "/forum/",
        reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
        topic_url(topic),
        "/persone/",
        reverse("person", args=[person.pk]),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        "/pagina-che-non-esiste/",
    ]
    return {
        "anonymous": public,
        "giulia": [
            "/",
            article.url,
            reverse("forum_conversation:topic_create", kwargs=topic_kwargs),
            reverse("person_edit"),
            reverse("account"),
            reverse("account_delete"),
            reverse("password_change"),
            reverse("forum_member:user_subscriptions"),
        ],
        "moderatrice": [reverse("forum_moderation:queue"), "/forum/"],
        "redazione": ["/admin/", "/admin/spazi-da-verificare/"],
    }


SCRIPT_BLOCKS = ("onbodyload",)  # board_base.html puts it inside <script>


def _template_text(source: str) -> str:
    """A template's literal text outside {% translate %}/{% blocktranslate %} and comments;
    tags and variables become a mark that is not a word."""
    out, depth, blocks = [], 0, []
    opening = ("blocktrans", "blocktranslate", "comment", "verbatim")
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split()
            name = words[0] if words else ""
            depth += name in opening
            depth -= name in tuple(f"end{n}" for n in opening)
            if name == "block":  # machina's onbodyload holds JavaScript, a *_class block CSS
                blocks.append(words[1] in SCRIPT_BLOCKS or words[1].endswith("_class"))
                depth += blocks[-1]
            elif name == "endblock" and blocks:
                depth -= blocks.pop()
            out.append(" ")
        elif token.token_type == TokenType.TEXT and depth == 0:
            out.append(token.contents)
        else:
            out.append(" \x00 ")
    return "".join(out)


def untranslated_template_text(template_dir: Path) -> list[str]:
    """Words our templates (pages and emails) show that no translation tag carries."""
    found = []
    for path in sorted(template_dir.rglob("*")):
        if not path.is_file() or path.name in BILINGUAL_TEMPLATES:
            continue
        for node in texts(_template_text(path.read_text())):
            if "\x00" in node and ("<" in node or ">" in node):
                continue  # a tag whose name is a variable: markup, not text
            node = re.sub(r"\b[a-z]+-[\w-]+", "", node)  # CSS classes (a body_class block)
            words = set(re.findall(r"[A-Za-zÀ-ÿ]{3,}", node)) - NAMES
            if words:
                found.append(f"{path.relative_to(template_dir)}: {node[:100]!r}")
    return found
