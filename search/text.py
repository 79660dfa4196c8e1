"""Italian-first text analysis for the embedded engine, built from search/analysis.py (the
definition the Elasticsearch analyzers are generated from too).

fold (NFKD, drop combining marks, lowercase) → split on non-word characters, which also splits
elisions (dell'università → dell, universita) → drop Italian stop words and elided articles →
Snowball Italian stemmer (PyStemmer, C speed).
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Callable, Iterable, Iterator

import Stemmer

from search.analysis import (  # noqa: F401 (STOP_WORDS and the lists: this module's API)
    COGNATE_ENDINGS,
    COGNATE_MIN_LENGTH,
    COGNATE_MIN_STEM,
    COGNATE_SPELLINGS,
    COGNATE_VARIANTS,
    COMBINING,
    ENGLISH_STOP_WORDS,
    ITALIAN_STOP_WORDS,
    STEMMERS,
    STOP_WORDS,
    WORD_PYTHON,
    fold,
)

_WORD = re.compile(WORD_PYTHON)
_TAGS = re.compile(r"<[A-Za-z/!?][^>]*>")  # a tag opens with a name, /, ! or ?: "a < b" is text

MAX_TERMS = 32  # a 10,000-character query is cut to its first words, never sent whole


_COMBINING = re.compile(COMBINING)


def word_spans(text: str, start: int = 0) -> Iterator[re.Match]:
    """The words of `text` from `start`, as regex matches (positions in the unfolded text)."""
    return _WORD.finditer(text, start)


def has_word(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds a word (without copying it)."""
    return _WORD.search(text, start, len(text) if end is None else end) is not None


def words(text: str) -> list[str]:
    """Folded words in order (stop words kept)."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=4)
def _stemmer(language: str):
    return Stemmer.Stemmer(language)


def stems(text: str, language: str = "italian") -> list[str]:
    """Folded, stop-word-free, stemmed terms."""
    terms = [w for w in words(text) if w not in STOP_WORDS]
    return _stemmer(language).stemWords(terms)


def stem(word: str, language: str = "italian") -> str:
    """One folded word's stem."""
    return _stemmer(language).stemWord(word)


_CACHE_LIMIT = 1_000_000  # beyond this many distinct words (junk, ids), start the caches afresh
# A word as written → its folded form, and → its stems (Italian, plus English where different;
# "" for a stop word). Filled once per new word: a rebuild meets each word thousands of times.
# One pair, replaced whole: a thread holding the old pair keeps a consistent one.
_CACHES: tuple[dict[str, str], dict[str, str]] = ({}, {})


def _both(folded: str) -> str:
    if folded in STOP_WORDS:
        return ""
    it, en = (_stemmer(language).stemWord(folded) for language in STEMMERS)
    return it if it == en else f"{it} {en}"


def _learn(written: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The caches, holding every word of `written`."""
    global _CACHES
    folded_of, stems_of = caches = _CACHES
    new = set(written).difference(stems_of)
    if len(stems_of) + len(new) > _CACHE_LIMIT:
        folded_of, stems_of = caches = _CACHES = ({}, {})
        new = set(written)
    for word in new:
        folded = fold(word)
        folded_of[word] = folded  # before its stems: a word with stems always has a fold
        stems_of[word] = _both(folded)
    return caches


def _written_words(text: str) -> list[str]:
    # Split before folding (folding each distinct word once is cheaper than folding the text),
    # unless the text has separate combining accents (e\u0301), which only folding joins.
    return words(text) if _COMBINING.search(text) else _WORD.findall(text)


def analyse(title: str, body: str) -> tuple[str, str, set[str]]:
    """What the embedded engine indexes of a document: the stemmed title and body, and the set
    of its distinct folded words (the vocabulary behind "did you mean")."""
    in_title, in_body = _written_words(title), _written_words(body)
    caches = _CACHES
    try:  # C-speed lookups per occurrence when every word is known (most documents)
        title_s, body_s = _stems_of(caches[1], in_title, in_body)
    except KeyError:
        caches = _learn(in_title + in_body)
        title_s, body_s = _stems_of(caches[1], in_title, in_body)
    return title_s, body_s, set(map(caches[0].__getitem__, set(in_title).union(in_body)))


def _stems_of(stems: dict[str, str], *texts: list[str]) -> list[str]:
    return [" ".join(map(stems.__getitem__, written)) for written in texts]


# The same analysis by whitespace-separated token, for indexing in bulk: a word never spans
# whitespace (not a word character), so a token's stems and folded words are learnt once per
# distinct token, and a text costs one str.split() and C-speed look-ups per token instead of a
# regex scan and a Python loop (measured: 1.8 s → 0.8 s of CPU for the medium bench corpus).
# Token → its stems joined by spaces ("" for stop words and punctuation), → how many, → its
# folded word (tokens of one word: most), → its distinct folded words (the others). Four dicts
# replaced whole when full, like _CACHES, with fewer entries (a token costs ~5 times a word's
# memory; the medium bench corpus has 18,000 distinct tokens).
_TOKEN_LIMIT = 250_000
_TOKENS: tuple[dict[str, str], dict[str, int], dict[str, str], dict[str, tuple[str, ...]]]
_TOKENS = ({}, {}, {}, {})


def _learn_tokens(tokens: Iterable[str]) -> tuple[dict, dict, dict, dict]:
    global _TOKENS
    stems_of, counts, word_of, words_of = known = _TOKENS
    new = set(tokens).difference(stems_of)
    if len(stems_of) + len(new) > _TOKEN_LIMIT:
        stems_of, counts, word_of, words_of = known = _TOKENS = ({}, {}, {}, {})
        new = set(tokens)
    for token in new:
        written = _written_words(token)
        folded_of, word_stems = _learn(written)
        stems = " ".join(s for s in map(word_stems.__getitem__, written) if s)
        folded = tuple(dict.fromkeys(map(folded_of.__getitem__, written)))
        if len(folded) == 1:
            word_of[token] = folded[0]
        else:
            words_of[token] = folded
        counts[token] = len(stems.split())
        stems_of[token] = stems  # last: a token with stems has the rest
    return known


def analyse_counted(title: str, body: str) -> tuple[str, str, set[str], int, int]:
    """analyse(title, body) (the same stems, though separated by runs of spaces), and the
    number of stems in the title and in the body."""
    in_title, in_body = title.split(), body.split()
    distinct = set(in_title).union(in_body)
    known = _TOKENS if distinct <= _TOKENS[0].keys() else _learn_tokens(distinct)
    stems_of, counts, word_of, words_of = known
    title_s = " ".join(map(stems_of.__getitem__, in_title))
    body_s = " ".join(map(stems_of.__getitem__, in_body))
    words = set(map(word_of.get, distinct))  # (None for the other tokens)
    words.discard(None)
    words.update(*map(words_of.__getitem__, distinct.difference(word_of)))
    title_n = sum(map(counts.__getitem__, in_title))
    return title_s, body_s, words, title_n, sum(map(counts.__getitem__, in_body))


_BLOCK_ENDS = re.compile(r"</(?:p|h\d|li|blockquote)>|<(?:br|hr)\s*/?>", re.IGNORECASE)


def rich_text(source: str) -> str:
    """Wagtail rich text as Wagtail indexes it (get_text_for_indexing: a space after each block
    and line break, other tags dropped, entities decoded), without Python's HTML parser, which
    is the slow part of reading rich text for a rebuild."""
    text = _TAGS.sub("", _BLOCK_ENDS.sub(" ", source)) if "<" in source else source
    return html.unescape(text).strip() if "&" in text else text.strip()


def plain(fragment: str | None) -> str:
    """Text from an HTML fragment (tags dropped, entities decoded, spaces collapsed)."""
    text = fragment or ""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # collapses every run of whitespace, at C speed


def query_terms(q: str) -> list[str]:
    """The user's words, folded, without stop words and FTS/Lucene syntax, at most MAX_TERMS."""
    return [w for w in words(q) if w not in STOP_WORDS][:MAX_TERMS]


def corrected(q: str, fixes: dict[str, str]) -> str:
    """The user's words (folded, stop words kept: "sala per riunoni" → "sala per riunioni") with
    each typo replaced by its correction; "" when nothing changed. Both engines' suggestion."""
    typed = words(q)[:MAX_TERMS]
    fixed = [fixes.get(w, w) for w in typed]
    return " ".join(fixed) if fixed != typed else ""


_SPELLINGS = tuple((re.compile(pattern), english) for pattern, english in COGNATE_SPELLINGS)


def _spellings(root: str) -> list[str]:
    """The root and its English spellings (COGNATE_SPELLINGS, each everywhere or nowhere),
    at most COGNATE_VARIANTS: the rules in their order, so the commonest changes come first."""
    out = [root]
    for pattern, english in _SPELLINGS:
        if pattern.search(root) is None:
            continue
        out += [pattern.sub(spelling, form) for form in out for spelling in english]
        if len(out) >= COGNATE_VARIANTS:
            return list(dict.fromkeys(out))[:COGNATE_VARIANTS]
    return list(dict.fromkeys(out))


Cognate = tuple[str, tuple[str, ...], str]  # (English word, its stems, prefix to highlight)


@functools.lru_cache(maxsize=8192)
def cognates(word: str) -> tuple[Cognate, ...]:
    """The English words a folded Italian word may be a cognate of, by the regular endings and
    spellings of search/analysis.py (nazioni → nation, aggettivo → adjective, filosofia →
    philosophy), each with the stems a typed word is searched by (Italian, English) and the
    prefix to highlight (what the word and its English stem share). A candidate sharing a stem
    with the word or with an earlier candidate is left out: one document would count twice
    (importanza's own stem "import" already finds "importance"). Candidates, not words: an
    engine keeps the stems its index holds."""
    if len(word) < COGNATE_MIN_LENGTH or not word.isalpha() or word in STOP_WORDS:
        return ()
    taken = {stem(word, language) for language in STEMMERS}
    out = []
    for endings, replacements in COGNATE_ENDINGS:
        ending = next((e for e in endings if word.endswith(e)), None)  # the longest is first
        if ending is None or len(word) - len(ending) < 3:
            continue
        for root in _spellings(word[: len(word) - len(ending)]):
            for candidate in (root + e for e in replacements):
                english = stem(candidate, "english")
                stems = tuple(sorted({stem(candidate, language) for language in STEMMERS}))
                if candidate in STOP_WORDS or len(english) < COGNATE_MIN_STEM:
                    continue
                if taken.isdisjoint(stems):
                    taken.update(stems)
                    shared = len(os.path.commonprefix((candidate, english)))
                    out.append((candidate, stems, candidate[: max(shared, COGNATE_MIN_STEM)]))
    return tuple(out)


def query_cognates(terms: list[str], groups: list[list[str]]) -> list[Cognate]:
    """The query words' cognates (`cognates`), without those sharing a stem with the words'
    own `groups` or with another cognate: what every engine searches."""
    taken = {s for group in groups for s in group}
    out = []
    for term in terms:
        for cognate in cognates(term):
            if taken.isdisjoint(cognate[1]):
                taken.update(cognate[1])
                out.append(cognate)
    return out


def cognate_groups(
    terms: list[str], groups: list[list[str]], held: Callable[[set[str]], set[str]]
) -> tuple[list[list[str]], tuple[str, ...]]:
    """The query's cognates (query_cognates) as groups of stems beside the words' own `groups`,
    each searched as a typed word is, with only the stems the index holds (`held(stems)`: those
    of `stems` it has); and what to highlight for them."""
    found = query_cognates(terms, groups)
    if not found:
        return [], ()
    present = held({s for _, stems, _ in found for s in stems})
    kept = [([s for s in stems if s in present], lit) for _, stems, lit in found]
    kept = [(stems, lit) for stems, lit in kept if stems]
    return [stems for stems, _ in kept], tuple(sorted({lit for _, lit in kept}))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away (a typo)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _ALPHABET]
    inserts = [a + c + b for a, b in splits for c in _ALPHABET]
    return set(deletes + transposes + replaces + inserts) - {word}


# Did you mean: of the words one typo away, a transposition ("eruo" for "euro") is the likeliest
# slip, then the most frequent word; among equally frequent ones, a neighbouring key on the
# keyboard (QWERTY, as Italian keyboards: "tavols" is "tavola" before "tavolo").
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT = (0.0, 0.25, 0.75)  # how far each row sits to the right of the one above


@functools.cache
def _neighbours() -> dict[str, frozenset[str]]:
    at = {ch: (r, c + _ROW_SHIFT[r]) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    return {
        ch: frozenset(
            other
            for other, (r2, x2) in at.items()
            if other != ch and abs(r - r2) <= 1 and abs(x - x2) <= 1
        )
        for ch, (r, x) in at.items()
    }


def typo_distance(typed: str, word: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): deletions, insertions,
    substitutions and transpositions of two neighbouring letters, each one edit."""
    prev2: list[int] = []
    prev = list(range(len(word) + 1))
    for i, a in enumerate(typed, 1):
        row = [i] + [0] * len(word)
        for j, b in enumerate(word, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a != b))
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _slip(typed: str, word: str) -> tuple[bool, bool]:
    """(a transposition, a substitution by a neighbouring key) for words of one length."""
    if len(typed) != len(word):
        return False, False
    diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i = diff[0]
        return typed[i] == word[i + 1] and typed[i + 1] == word[i], False
    if len(diff) == 1:
        i = diff[0]
        return False, typed[i] in _neighbours().get(word[i], ())
    return False, False


def best_correction(typed: str, counts: dict[str, int]) -> str | None:
    """The word of `counts` (word → documents holding it) that `typed` most likely misspells:
    the smallest Damerau distance, a transposition first, then the most frequent word, then a
    keyboard neighbour's slip, then alphabetical order. None when `counts` offers nothing."""

    def likelihood(item: tuple[str, int]) -> tuple:
        word, docs = item
        transposed, near = _slip(typed, word)
        return (typo_distance(typed, word), not transposed, -docs, not near, word)

    options = [(w, n) for w, n in counts.items() if w != typed and n > 0]
    return min(options, key=likelihood)[0] if options else None


def corrections(
    words: list[str],
    public_words: Callable[[Iterable[str]], dict[str, int]],
    held_live: Callable[[str], bool],
) -> dict[str, str]:
    """Typos → the public word one edit away they most likely misspell (best_correction), as
    every engine with an index of its own decides: `public_words(candidates)` gives those found
    in public documents with their document counts, `held_live(word)` whether a public document
    not yet expired holds the word's stems. A word of the public vocabulary, or whose stems find
    a public document ("riunione", indexed as "riunioni"), is no typo."""
    checkable = [w for w in words if len(w) > 3 and not w.isdigit()]
    known = public_words(checkable)  # one look-up for all the words
    fixes = {}
    for word in checkable:
        if word not in known and not held_live(word):
            best = best_correction(word, public_words(edits1(word)))
            if best:
                fixes[word] = best
    return {w: fix for w, fix in fixes.items() if held_live(fix)}
