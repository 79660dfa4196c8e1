"""Our own interface strings and their Italian translations, without GNU gettext.

`makemessages` needs xgettext, which a fresh machine may lack. This module finds the msgids in
our templates ({% trans %}, {% blocktrans %}, converted by Django's own `templatize`) and Python
files (gettext calls), keeps locale/it/LC_MESSAGES/django.po in step with them and compiles the
.mo with polib. `manage.py translations` runs it; a test fails when a msgid is untranslated.
"""

from __future__ import annotations

import ast
import importlib
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

SOURCE_DIRS = ("templates", "site", "community", "forum", "people", "search")
# Apps whose own Italian catalogue is empty (machina 1.3.1 ships it/ at 0%): we translate their
# msgids in our catalogue, which LOCALE_PATHS puts ahead of every app's.
COMPLETED_APPS = ("machina",)
# Django modules whose messages visitors read on our forms, where Django 5.2's Italian has gaps
# (e.g. the "password too short" plural): what it lacks, we translate.
COMPLETED_MODULES = (
    "django.contrib.auth.forms",
    "django.contrib.auth.password_validation",
    "django.core.validators",
)
SKIP_PARTS = {"migrations", "__pycache__", "static", "node_modules"}
LANGUAGE = "it"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# gettext function -> the roles of its leading string arguments (context, singular, plural).
FUNCTIONS = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "ngettext": "sp",
    "ngettext_lazy": "sp",
    "npgettext": "csp",
    "npgettext_lazy": "csp",
}
_SKIPPED_TOKENS = {
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.COMMENT,
    tokenize.INDENT,
    tokenize.DEDENT,
}


@dataclass
class Message:
    msgid: str
    plural: str = ""
    context: str = ""
    files: set[str] = field(default_factory=set)
    ours: bool = True  # False: a third party's msgid we only translate where it lacks Italian

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def po_path() -> Path:
    return Path(settings.BASE_DIR) / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def _string_args(tokens: list[tokenize.TokenInfo], start: int) -> list[str]:
    """The leading literal string arguments of the call whose "(" is at tokens[start]."""
    args: list[str] = []
    parts: list[str] = []
    for tok in tokens[start + 1 :]:
        if tok.type == tokenize.STRING:
            try:
                parts.append(ast.literal_eval(tok.string))
            except (ValueError, SyntaxError):  # an f-string: not a msgid
                return args
        elif tok.string in {",", ")"} and parts:
            args.append("".join(parts))
            parts = []
            if tok.string == ")":
                return args
        else:
            return args
    return args


def calls_in(source: str) -> Iterator[tuple[str, str, str]]:
    """(context, singular, plural) of every gettext-style call with literal arguments."""
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type not in _SKIPPED_TOKENS
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return
    for i, tok in enumerate(tokens[:-1]):
        roles = FUNCTIONS.get(tok.string) if tok.type == tokenize.NAME else None
        if not roles or tokens[i + 1].string != "(" or (i and tokens[i - 1].string == "def"):
            continue
        args = _string_args(tokens, i + 1)
        if len(args) < len(roles):
            continue
        named = dict(zip(roles, args, strict=False))
        yield named.get("c", ""), named["s"], named.get("p", "")


def source_files(root: Path) -> Iterator[Path]:
    for folder in SOURCE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and not SKIP_PARTS & set(path.parts):
                yield path


def extract(root: Path | None = None) -> dict[tuple[str, str], Message]:
    root = root or Path(settings.BASE_DIR)
    found: dict[tuple[str, str], Message] = {}
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            source = text
        elif "{%" in text or "_(" in text:
            source = templatize(text, origin=str(path))
        else:
            continue
        for context, msgid, plural in calls_in(source):
            message = found.setdefault((context, msgid), Message(msgid, plural, context))
            message.files.add(str(path.relative_to(root)))
    for key, message in app_messages().items():
        if key in found:
            found[key].files |= message.files
        else:
            found[key] = message
    return found


def app_messages() -> dict[tuple[str, str], Message]:
    found: dict[tuple[str, str], Message] = {}
    for app in COMPLETED_APPS:
        module = importlib.import_module(app)
        path = Path(module.__file__).parent / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                message = Message(entry.msgid, entry.msgid_plural, entry.msgctxt or "", {app})
                message.ours = False
                found.setdefault(message.key, message)
    for name in COMPLETED_MODULES:
        source = Path(importlib.import_module(name).__file__).read_text(encoding="utf-8")
        for context, msgid, plural in calls_in(source):
            found.setdefault((context, msgid), Message(msgid, plural, context, {name}, ours=False))
    return found


def load_catalog() -> polib.POFile:
    path = po_path()
    if path.exists():
        return polib.pofile(str(path), wrapwidth=100)
    catalog = polib.POFile(wrapwidth=100)
    catalog.metadata = {
        "Project-Id-Version": "Tavolone",
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }
    return catalog


def _entry_key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def is_translated_in_catalog(entry: polib.POEntry | None) -> bool:
    if entry is None or entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_translated_at_runtime(message: Message) -> bool:
    """True when an installed catalog (Django's, Wagtail's, machina's) already translates it."""
    with translation.override(LANGUAGE):
        if message.plural:
            if message.context:
                text = translation.npgettext(message.context, message.msgid, message.plural, 1)
            else:
                text = translation.ngettext(message.msgid, message.plural, 1)
        elif message.context:
            text = translation.pgettext(message.context, message.msgid)
        else:
            text = translation.gettext(message.msgid)
    return text != message.msgid


def untranslated(messages: dict[tuple[str, str], Message], catalog: polib.POFile) -> list[Message]:
    entries = {_entry_key(e): e for e in catalog}
    return [
        m
        for key, m in sorted(messages.items())
        if not is_translated_in_catalog(entries.get(key)) and not is_translated_at_runtime(m)
    ]


def update_catalog(messages: dict[tuple[str, str], Message], catalog: polib.POFile) -> int:
    """Add new msgids (empty msgstr), refresh file references, retire unused ones."""
    entries = {_entry_key(e): e for e in catalog}
    added = 0
    for key, message in sorted(messages.items()):
        entry = entries.get(key)
        if entry is None and not message.ours and is_translated_at_runtime(message):
            continue  # the third party's own Italian covers it
        if entry is None:
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.context or None)
            if message.plural:
                entry.msgid_plural = message.plural
                entry.msgstr_plural = {0: "", 1: ""}
            catalog.append(entry)
            added += 1
        entry.obsolete = False
        entry.occurrences = [(name, "") for name in sorted(message.files)]
    for key, entry in entries.items():
        if key not in messages:
            entry.obsolete = True  # kept (as #~) in case the string comes back
    catalog.sort(key=lambda e: (e.obsolete, e.msgctxt or "", e.msgid))
    return added


def save(catalog: polib.POFile) -> None:
    path = po_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    catalog.save_as_mofile(str(path.with_suffix(".mo")))
