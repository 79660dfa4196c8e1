"""Deterministic text recombined from the real Italian Stack Exchange dump plus our own vocabulary.

The dump's questions and answers (Italian and English, about the Italian language) are stripped of
HTML and cut into sentences; posts are runs of those sentences, so word frequencies, inflections,
accents and elisions are those of real text.
"""

from __future__ import annotations

import html
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DUMP = Path(__file__).resolve().parent.parent.parent / "shared/data/italian-stackexchange/Posts.xml"

# Our own vocabulary: what a coworking network writes about.
SPACE_WORDS = [
    "scrivania",
    "postazione",
    "sala",
    "riunioni",
    "coworking",
    "caffè",
    "terrazza",
    "cortile",
    "biblioteca",
    "laboratorio",
    "stampante",
    "armadietto",
    "wifi",
    "fibra",
    "silenziosa",
    "luminosa",
    "accogliente",
    "tavolo",
    "condiviso",
    "community",
    "eventi",
    "workshop",
    "colazione",
    "aperitivo",
    "bicicletta",
    "metropolitana",
    "tram",
    "parcheggio",
    "giardino",
    "loft",
    "officina",
    "studio",
    "ufficio",
    "privato",
    "abbonamento",
    "mensile",
    "giornaliero",
    "ingresso",
    "reception",
]
NEWS_TOPICS = (
    "apertura nuovo spazio",
    "evento di networking",
    "workshop di scrittura",
    "orari estivi",
    "tariffe aggiornate",
    "serata di presentazione",
    "corso di italiano",
    "mercatino di quartiere",
    "giornata porte aperte",
    "hackathon del weekend",
)
TAGS = [
    "eventi",
    "comunità",
    "tariffe",
    "orari",
    "workshop",
    "networking",
    "formazione",
    "sostenibilità",
    "quartiere",
    "apertura",
    "lingua",
    "cultura",
]


@dataclass(frozen=True)
class Source:
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def strip_html(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


@lru_cache(maxsize=1)
def source() -> Source:
    """Titles and sentences of the dump, in file order (deterministic)."""
    titles, sentences = [], []
    # A fixed, read-only data set shipped with the project, not user input.
    for _event, row in ET.iterparse(DUMP):  # noqa: S314
        if row.tag != "row":
            continue
        if row.get("Title"):
            titles.append(strip_html(row.get("Title")))
        for sentence in _SENTENCE.split(strip_html(row.get("Body", ""))):
            if 3 <= len(sentence.split()) <= 60:
                sentences.append(sentence)
        row.clear()
    if not titles or not sentences:
        raise RuntimeError(f"No text found in {DUMP}")
    return Source(tuple(titles), tuple(sentences))


def paragraph(rng: random.Random, min_words: int, max_words: int) -> str:
    """A run of consecutive real sentences of min..max words (a realistic post)."""
    src = source().sentences
    target = rng.randint(min_words, max_words)
    start = rng.randrange(len(src))
    words: list[str] = []
    i = start
    while len(words) < target:
        words.extend(src[i % len(src)].split())
        i += 1
    return " ".join(words[: max(target, min_words)])


def title(rng: random.Random) -> str:
    return rng.choice(source().titles)[:200]


def space_text(rng: random.Random) -> str:
    extra = " ".join(rng.sample(SPACE_WORDS, 8))
    return f"{paragraph(rng, 40, 160)} {extra}."
