"""Usernames that could pass for someone else's are refused at sign-up.

Django already folds compatibility forms (NFKC: `ｍａｒｃｏ` is `marco`) and refuses a name that
differs from a taken one only by case. On top of that we refuse names mixing scripts (a Cyrillic
`а` inside a Latin name) and names whose *skeleton* (each character replaced by the ASCII letter
or digit it can be mistaken for, per Unicode's confusables list; then case-folded) equals an
existing member's, which catches look-alikes in a single script too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from confusable_homoglyphs import categories
from confusable_homoglyphs.utils import load

# Scripts shared by every script (digits, punctuation, combining marks) are not a second script.
NEUTRAL_SCRIPTS = {"COMMON", "INHERITED"}


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Each confusable character -> one representative of its class of look-alikes (an ASCII
    letter or digit when the class has one). The list is not symmetric, so classes are joined."""
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for char, glyphs in load("confusables.json").items():
        for glyph in glyphs:
            other = glyph["c"].strip("\u200e")
            if len(char) == 1 and len(other) == 1:
                parent[find(char)] = find(other)
    classes: dict[str, list[str]] = {}
    for c in list(parent):
        classes.setdefault(find(c), []).append(c)
    prototypes: dict[str, str] = {}
    for members in classes.values():
        plain = sorted(m for m in members if m.isascii() and m.isalnum())
        representative = plain[0] if plain else min(members)
        prototypes.update(dict.fromkeys(members, representative))
    return prototypes


def _map(text: str) -> str:
    prototypes = _prototypes()
    return "".join(prototypes.get(c, c) for c in text)


def skeletons(name: str) -> set[str]:
    """The name's look-alike forms. Case-folded before mapping (`MARCO` is `marco`) and after
    (`I` passes for `l` only in upper case): names sharing a form look alike."""
    text = unicodedata.normalize("NFKC", name)
    return {_map(text.casefold()), _map(_map(text).casefold())}


def is_mixed_script(name: str) -> bool:
    return len(categories.unique_aliases(name) - NEUTRAL_SCRIPTS) > 1


def clashes_with(name: str, existing: Iterable[str]) -> bool:
    """Whether `name` looks like one of the `existing` names (the same name included)."""
    forms = skeletons(name)
    return any(forms & skeletons(other) for other in existing)
