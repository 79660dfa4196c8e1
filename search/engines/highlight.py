"""Highlighting: mark(), which both engines' fragments go through, and the embedded engine's
titles and snippets, computed in Python on the page's few documents (FTS5's
highlight()/snippet() would re-run prefix queries over the whole index)."""

from __future__ import annotations

import functools
import html
import re
from collections import deque
from collections.abc import Iterator
from itertools import islice

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


# What an ASCII letter or its accented forms match ignoring case lies in Latin-1 or is one of
# these (İ ı ſ K Å: checked against every code point for a-z and 0-9).
_CASE_PARTNERS = "".join(map(chr, range(256))) + "\u0130\u0131\u017f\u212a\u212b"


def _letter(ch: str) -> str:
    """A regex class for a folded prefix's letter: its accented forms (città ~ citta)."""
    return f"[{_ACCENTED[ch]}]" if ch in _ACCENTED else re.escape(ch)


@functools.lru_cache(maxsize=64)
def _first_letters(ch: str) -> str:
    """Every character `_letter(ch)` matches ignoring case (`ch` ASCII), spelled out."""
    return "".join(re.findall(_letter(ch), _CASE_PARTNERS, re.IGNORECASE))


@functools.lru_cache(maxsize=256)
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    """A word starting with any of `prefixes` (accents and case aside). Spelled so that the
    regex engine skips along the text at C speed to the prefixes' first letters (a leading class
    without IGNORECASE) and checks the word boundary last: ~3× faster on a long body than a
    leading boundary check under IGNORECASE (the fallback, for prefixes not led by an ASCII
    letter or digit), with the same matches."""
    if not all(prefix[:1].isascii() and prefix[:1].isalnum() for prefix in prefixes):
        alts = ("".join(_letter(ch) for ch in prefix) for prefix in prefixes)
        return re.compile(r"(?<![^\W_])(?:" + "|".join(alts) + ")", re.IGNORECASE)
    firsts = "".join(sorted({c for prefix in prefixes for c in _first_letters(prefix[0])}))
    alts = (
        f"(?<=[{re.escape(_first_letters(prefix[0]))}])"
        f"(?i:{''.join(_letter(ch) for ch in prefix[1:])})"
        rf"(?<![^\W_].{{{len(prefix)}}})"  # not inside a word: no letter or digit before it
        for prefix in prefixes
    )
    return re.compile(f"[{re.escape(firsts)}](?:" + "|".join(alts) + ")")


def highlight(source: str, prefixes: tuple[str, ...], window: int = 0) -> str:
    """`source` with OPEN/CLOSE around every word whose folded form starts with a prefix (as
    FTS5's highlight()). With `window`: only about that many words from just before the first
    match, with … where text was cut, or "" when nothing matches (as FTS5's snippet())."""
    lit = _lit_words(prefixes)
    if not window:
        spans = [(m.start(), m.end(), _is_lit(lit, m.group(), prefixes)) for m in _words(source)]
        return _marked(source, spans, 0, len(source)) if spans else source
    # Jump near the first match at C speed: bodies can be 50,000 characters.
    found = _prefix_pattern(prefixes).search(source)
    if found is None:
        return ""
    offset = source.rfind(" ", 0, max(0, found.start() - 160)) + 1
    words = _words(source, offset)
    before: deque[tuple[int, int, bool]] = deque(maxlen=window // 4)  # kept before the first
    for match in words:
        if _is_lit(lit, match.group(), prefixes):
            spans = [*before, (match.start(), match.end(), True)]
            break
        before.append((match.start(), match.end(), False))
    else:
        return ""
    for match in islice(words, window - len(spans)):  # the rest of a long body is never read
        spans.append((match.start(), match.end(), _is_lit(lit, match.group(), prefixes)))
    start, end = spans[0][0], spans[-1][1]
    cut_before = "…" if text.has_word(source, 0, start) else ""
    cut_after = "…" if text.has_word(source, end) else ""
    return cut_before + _marked(source, spans, start, end) + cut_after


def _words(source: str, offset: int = 0) -> Iterator[re.Match]:
    return text.word_spans(source, offset)


def _marked(source: str, spans: list[tuple[int, int, bool]], start: int, end: int) -> str:
    parts, at = [], start
    for a, b, hit in spans:
        if hit:
            parts += [source[at:a], OPEN, source[a:b], CLOSE]
            at = b
    parts.append(source[at:end])
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _lit_words(prefixes: tuple[str, ...]) -> dict[str, bool]:
    """Words already checked against `prefixes` (a page's snippets repeat most of their words):
    a word → whether its folded form starts with one."""
    return {}


def _is_lit(lit: dict[str, bool], word: str, prefixes: tuple[str, ...]) -> bool:
    found = lit.get(word)
    if found is None:
        if len(lit) > 5_000:  # a long-lived query: start afresh (64 queries kept, ≤ ~30 MB)
            lit.clear()
        found = lit[word] = text.fold(word).startswith(prefixes)
    return found


def prefixes(terms: list[str], cognates: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What to light up for the query's words: each word as typed and its stems, as prefixes
    (gatti → gatt* lights up gatto too), and the prefixes of the cognates searched
    (text.cognate_groups: nazioni → nation* lights up nations)."""
    forms = {form for w in terms for form in (w, *(text.stem(w, n) for n in text.STEMMERS))}
    return tuple(sorted(forms.union(cognates)))


def title_and_snippet(title: str, body: str, lit: tuple[str, ...]) -> tuple[str, str]:
    """A hit's marked-up title and snippet (HTML, escaped), both engines': the snippet is a
    window around the first match in the body, or its opening lines when it has none."""
    snippet = highlight(body, lit, SNIPPET_WORDS) if lit else ""
    if not snippet:
        snippet = body[:220] if len(body) < 220 else body[:220].rsplit(" ", 1)[0] + " …"
    return mark(highlight(title, lit) if lit else title), mark(snippet)
