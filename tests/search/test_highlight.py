"""Highlighting helpers: mark() of both engines, the embedded engine's highlighter (no database)."""

from __future__ import annotations

from search.engines.elastic import parse_response
from search.engines.highlight import highlight, mark
from search.params import SearchParams


def test_it_marks_every_word_starting_with_a_prefix_accents_or_not():
    assert mark(highlight("Città e citta, cittadini", ("citta",))) == (
        "<mark>Città</mark> e <mark>citta</mark>, <mark>cittadini</mark>"
    )


def test_it_escapes_what_users_wrote_before_marking():
    assert mark(highlight("<b>gatto</b>", ("gatt",))) == "&lt;b&gt;<mark>gatto</mark>&lt;/b&gt;"


def test_an_elasticsearch_fragment_is_marked_by_the_same_mark():
    response = {
        "hits": {"total": {"value": 1}, "hits": [{"_id": "thread:1", "_score": 1.0, "_source": {
            "kind": "thread", "title": "Gatto", "url": "/t/1/"},
            "highlight": {"body": ["<i>\x01gatto\x02</i>\x00"]}}]},
    }  # fmt: skip
    hit = parse_response(response, SearchParams.parse({"q": "gatto"})).hits[0]
    expected = "&lt;i&gt;<mark>gatto</mark>&lt;/i&gt;"  # escaped, NUL dropped, then marked
    assert hit.snippet_html == mark("<i>\x01gatto\x02</i>\x00") == expected


def test_a_snippet_is_a_window_around_the_first_match_with_ellipses():
    body = " ".join(f"w{i}" for i in range(200)) + " gatto " + " ".join(f"z{i}" for i in range(200))
    snippet = highlight(body, ("gatt",), window=10)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "\x01gatto\x02" in snippet and len(snippet.split()) <= 11


def test_no_match_means_no_snippet():
    assert highlight("nessun felino qui", ("gatt",), window=10) == ""


def test_a_snippet_finds_its_words_in_capitals_accented_or_in_odd_letters():
    body = "testo " * 60 + "ÈRA la CITTÀ del \u212aILO"  # K: the Kelvin sign (folds to k)
    snippet = mark(highlight(body, ("citta", "era", "kilo"), window=10))
    marked = "<mark>ÈRA</mark> la <mark>CITTÀ</mark> del <mark>\u212aILO</mark>"
    assert snippet == "…testo testo " + marked
