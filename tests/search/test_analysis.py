"""One analysis for both engines (search/analysis.py): the Elasticsearch analyzers generated from
it are pinned, tokenize and fold as the embedded engine does, and — with a cluster — answer
`_analyze` with the embedded engine's terms for real Italian and English text."""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 (a local, trusted data dump)
from pathlib import Path

import pytest

from search import analysis, text
from search.documents import build_index

DUMP = Path(__file__).resolve().parents[2].parent / "shared/data/italian-stackexchange/Posts.xml"
TRICKY = "Quell'ufficio, quest'anno a Sant'Ambrogio: coworking.it 3.5 foo_bar dell'Università"


def generated() -> dict:
    return build_index("idx").to_dict()["settings"]["analysis"]


def test_the_elasticsearch_analyzers_are_generated_from_the_one_definition():
    found = generated()
    chain = {"type": "custom", "char_filter": ["tv_drop_marks", "tv_fold"], "tokenizer": "tv_words"}
    assert found["analyzer"] == {
        "tv_stemmed": {**chain, "filter": ["lowercase", "tv_stop", "tv_stems"]},
        "tv_folded": {**chain, "filter": ["lowercase"]},
        "tv_autocomplete": {**chain, "filter": ["lowercase", "tv_edge_ngram"]},
    }
    assert found["tokenizer"] == {"tv_words": {"type": "pattern", "pattern": r"[^\p{L}\p{N}]+"}}
    filters = found["filter"]
    assert filters["tv_stems"] == {
        "type": "multiplexer", "filters": ["tv_italian_stem", "tv_english_stem"],
        "preserve_original": False,
    }  # fmt: skip
    assert filters["tv_italian_stem"] == {"type": "snowball", "language": "Italian"}
    assert filters["tv_english_stem"] == {"type": "snowball", "language": "English"}
    assert filters["tv_stop"] == {"type": "stop", "stopwords": sorted(text.STOP_WORDS)}
    assert filters["tv_edge_ngram"] == {"type": "edge_ngram", "min_gram": 2, "max_gram": 20}
    assert found["char_filter"]["tv_drop_marks"]["pattern"] == analysis.COMBINING
    assert "à => a" in found["char_filter"]["tv_fold"]["mappings"]


def test_the_embedded_engine_splits_apostrophes_dots_and_underscores():
    assert text.words(TRICKY) == [
        "quell", "ufficio", "quest", "anno", "a", "sant", "ambrogio", "coworking", "it", "3", "5",
        "foo", "bar", "dell", "universita",
    ]  # fmt: skip


def test_the_java_separator_and_the_python_word_agree_on_every_character():
    word = re.compile(analysis.WORD_PYTHON)
    assert analysis.SEPARATOR_JAVA == r"[^\p{L}\p{N}]+"  # letters and digits make words
    for code in range(0x10000):
        ch = chr(code)
        in_word = unicodedata.category(ch)[0] in "LN"
        assert bool(word.fullmatch(ch)) == in_word, hex(code)


def es_fold(word: str) -> str:
    """What Elasticsearch's char filters and lowercase filter make of a word (Lucene lowercases
    one character at a time, without context)."""
    word = re.sub(analysis.COMBINING, "", word)
    return "".join(analysis.folding_map().get(ch, ch).lower() for ch in word)


def dump_texts(limit: int = 60) -> list[str]:
    """Titles and bodies of the first posts of the shared Stack Exchange dump (a few thousand
    words of Italian and English)."""
    out = []
    for _, row in ET.iterparse(DUMP):  # noqa: S314 (a local, trusted dump)
        if row.tag == "row":
            out.append(text.plain(f"{row.get('Title') or ''} {row.get('Body') or ''}"))
            if len(out) >= limit:
                break
    return out


def test_the_generated_folding_folds_every_word_of_the_dump_as_the_embedded_engine():
    written = {w for t in dump_texts(400) for w in re.findall(analysis.WORD_PYTHON, t)}
    written |= {"Città", "perche\u0301", "ﬁne", "m²", "İstanbul", "Ærø", "straße", "ĳ"}
    differing = {w: (es_fold(w), text.fold(w)) for w in written if es_fold(w) != text.fold(w)}
    assert differing == {}


def test_both_engines_fold_every_letter_and_digit_of_every_script_alike():
    letters = [chr(c) for c in range(0x80, 0x110000) if chr(c).isalnum()]
    differing = [hex(ord(ch)) for ch in letters if es_fold(ch) != text.fold(ch)]
    assert differing == []
    # Outside Latin, Greek and Cyrillic too: maths letters, fullwidth and halfwidth forms, a
    # word-final capital sigma (Python's lower() writes ς where Lucene writes σ).
    assert [text.fold(w) for w in ("𝐁𝐚𝐫", "ｓａｌａ", "ｶﾌｪ", "ΟΔΟΣ", "οδος")] == [
        "bar", "sala", "カフェ", "οδοσ", "οδοσ",
    ]  # fmt: skip
    assert es_fold("ΟΔΟΣ") == "οδοσ" and text.fold("한국") == "한국"  # Hangul stays whole


def test_the_folding_table_misses_no_decomposable_letter():
    # folding_map reads only the blocks where compatibility decompositions live.
    outside = [
        hex(c)
        for c in range(0x20000, 0x110000)
        if not 0x2F800 <= c < 0x2FA20 and unicodedata.decomposition(chr(c))
    ]
    assert outside == []


ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.mark.elasticsearch
@pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL is not set: no cluster to analyse with")
def test_elasticsearch_analyses_the_dump_as_the_embedded_engine():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(ES_URL, api_key=os.environ.get("ELASTICSEARCH_API_KEY") or None)
    name = f"tavolone-test-analysis-{uuid.uuid4().hex[:8]}"
    build_index(name).create(using=client)
    try:
        phrases = [TRICKY, *dump_texts(20)]
        assert sum(len(p.split()) for p in phrases) > 300
        for phrase in phrases:  # each word's Italian stem, then its English one if different
            answer = client.indices.analyze(index=name, analyzer="tv_stemmed", text=phrase)
            terms = [t["token"] for t in answer["tokens"]]
            assert terms == text.analyse(phrase, "")[0].split(), phrase[:80]
        folded = client.indices.analyze(index=name, analyzer="tv_folded", text=TRICKY)
        assert [t["token"] for t in folded["tokens"]] == text.words(TRICKY)
    finally:
        client.indices.delete(index=name)
