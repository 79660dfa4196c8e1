"""Highlighting: mark(), which both engines' fragments go through, and the embedded engine's
titles and snippets, computed in Python on the page's few documents (FTS5's
highlight()/snippet() would re-run prefix queries over the whole index)."""

from __future__ import annotations

import functools
import html
import re

from search import text

# Control characters never stored (embedded/write.py and documents.clean drop them).
OPEN, CLOSE = "\x01", "\x02"


def mark(fragment: str) -> str:
    """Escape first, then turn the engine's sentinel markers into <mark>: nothing user-written
    can become markup."""
    escaped = html.escape(fragment.replace("\x00", ""))
    return escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>")


SNIPPET_WORDS = 28  # a snippet is about this many words around the first match


# Letters and their accented forms, to find a folded prefix in unfolded text (città ~ citta).
_ACCENTED = {"a": "aàáâäå", "e": "eèéêë", "i": "iìíîï", "o": "oòóôö", "u": "uùúûü", "c": "cç"}


@functools.lru_cache(maxsize=256)
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    alts = (
        "".join(f"[{_ACCENTED[ch]}]" if ch in _ACCENTED else re.escape(ch) for ch in prefix)
        for prefix in prefixes
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + ")", re.IGNORECASE)


def highlight(source: str, prefixes: tuple[str, ...], window: int = 0) -> str:
    """`source` with OPEN/CLOSE around every word whose folded form starts with a prefix (as
    FTS5's highlight()). With `window`: only about that many words from just before the first
    match, with … where text was cut, or "" when nothing matches (as FTS5's snippet())."""
    offset = 0
    if window:  # jump near the first match at C speed: bodies can be 50,000 characters
        found = _prefix_pattern(prefixes).search(source)
        if found is None:
            return ""
        offset = source.rfind(" ", 0, max(0, found.start() - 160)) + 1
    spans: list[tuple[int, int, bool]] = []
    first = -1
    for match in text.word_spans(source, offset):
        hit = text.fold(match.group()).startswith(prefixes)
        spans.append((match.start(), match.end(), hit))
        if hit and first < 0:
            first = len(spans) - 1
        if window and first >= 0 and len(spans) >= first + window:
            break  # enough words: the rest of a long body is never tokenised
    lo = max(0, first - window // 4)
    if window:
        if first < 0:
            return ""
        spans = spans[lo : lo + window]
    if not spans:
        return source
    start, end = (spans[0][0], spans[-1][1]) if window else (0, len(source))
    parts, at = [], start
    for a, b, hit in spans:
        if hit:
            parts += [source[at:a], OPEN, source[a:b], CLOSE]
            at = b
    parts.append(source[at:end])
    fragment = "".join(parts)
    if window:
        cut_before = text.has_word(source, 0, start)
        cut_after = text.has_word(source, end)
        fragment = ("…" if cut_before else "") + fragment + ("…" if cut_after else "")
    return fragment


def prefixes(terms: list[str]) -> tuple[str, ...]:
    """What to light up for the query's words: each word as typed and its stems, as prefixes
    (gatti → gatt* lights up gatto too)."""
    return tuple(
        sorted({form for w in terms for form in (w, *(text.stem(w, n) for n in text.STEMMERS))})
    )


def title_and_snippet(title: str, body: str, lit: tuple[str, ...]) -> tuple[str, str]:
    """A hit's marked-up title and snippet (HTML, escaped), both engines': the snippet is a
    window around the first match in the body, or its opening lines when it has none."""
    snippet = highlight(body, lit, SNIPPET_WORDS) if lit else ""
    if not snippet:
        snippet = body[:220] if len(body) < 220 else body[:220].rsplit(" ", 1)[0] + " …"
    return mark(highlight(title, lit) if lit else title), mark(snippet)
