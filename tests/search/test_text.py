"""The embedded engine's text analysis (plain helpers, no database)."""

from __future__ import annotations

import pytest
from wagtail.rich_text import get_text_for_indexing

from search import text


def test_it_stems_italian_and_english_and_drops_stop_words():
    title_s, body_s, words = text.analyse("Le Città", "the meetings della città")
    assert title_s.split() == ["citt", "citta"]  # the Italian stem, then the English one
    assert body_s.split() == ["meetings", "meet", "citt", "citta"]
    assert words == {"le", "citta", "the", "meetings", "della"}


def test_separate_accents_read_like_composed_ones():
    composed = text.analyse("perché", "caffè università")
    separate = text.analyse("perche\u0301", "caffe\u0300 universita\u0300")
    assert separate == composed


def test_it_starts_its_word_caches_afresh_when_they_are_full(monkeypatch):
    expected = text.analyse("uno due tre", "quattro cinque")
    monkeypatch.setattr(text, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(text, "_CACHES", ({}, {}))
    assert text.analyse("uno due tre", "quattro cinque") == expected
    assert text.analyse("sei sette", "otto") == text.analyse("sei sette", "otto")
    assert len(text._CACHES[1]) <= 5


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Le Città", "the meetings della città, dell'università!"),
        ("perche\u0301", "caffe\u0300\u00a0universita\u0300 -- (e\u0301) ... ﬁne"),
        ("", "a_b c-d e.f 3,14 ΣΊΣΥΦΟΣ  l'\u2009albero\tdegli\n alberi"),
    ],
)
def test_it_analyses_by_whitespace_token_as_it_does_by_text(title, body):
    title_s, body_s, words = text.analyse(title, body)
    counted = text.analyse_counted(title, body)
    assert counted[0].split() == title_s.split() and counted[1].split() == body_s.split()
    assert counted[2] == words
    assert counted[3:] == (len(title_s.split()), len(body_s.split()))


def test_its_token_caches_start_afresh_when_they_are_full(monkeypatch):
    expected = text.analyse_counted("uno due tre", "quattro, cinque")
    monkeypatch.setattr(text, "_TOKEN_LIMIT", 3)
    monkeypatch.setattr(text, "_TOKENS", ({}, {}, {}, {}))
    assert text.analyse_counted("uno due tre", "quattro, cinque") == expected
    assert len(text._TOKENS[0]) <= 5


def test_plain_drops_tags_and_collapses_whitespace():
    assert text.plain("<p>Ciao&nbsp;a\n\n tutti</p>\t") == "Ciao a tutti"


def test_edits1_lists_the_strings_one_typo_away():
    edits = text.edits1("casa")
    assert {"cas", "acsa", "cosa", "casaa"} <= edits
    assert "casa" not in edits and "caas" in edits


@pytest.mark.parametrize(
    "source",
    [
        "<p>hello</p><p>world</p>",
        '<p>Il <b>tav</b>olone &amp; le <a href="/x" linktype="page" id="3">sedie</a></p>',
        "<h2>Titolo</h2><ul><li>uno</li><li>due</li></ul><blockquote>cit</blockquote>",
        "riga<br/>riga due<hr/>fine &lt;b&gt; &egrave; &#233; &nbsp;spazio",
        "nessun tag",
    ],
)
def test_rich_text_reads_like_wagtails_own_text_for_indexing(source):
    assert text.plain(text.rich_text(source)) == text.plain(get_text_for_indexing(source))


def test_plain_keeps_the_words_around_a_less_than_sign():
    assert text.plain("se a < b e c > d allora") == "se a < b e c > d allora"
    assert text.plain("x<5 y>3 <3") == "x<5 y>3 <3"
    assert text.plain('<p class="x">ciao</p><!-- nota --><br/>a tutti') == "ciao a tutti"


@pytest.mark.parametrize(
    ("italian", "english"),
    [
        ("nazioni", "nation"),  # -zioni → -tion
        ("qualità", "quality"),  # -ità → -ity
        ("famoso", "famous"),  # -oso → -ous
        ("aggettivo", "adjective"),  # gg → dj, tt → ct, -ivo → -ive
        ("avverbio", "adverb"),  # vv → dv, the bare root
        ("filosofia", "philosophy"),  # f → ph, -ia → -y
        ("esattamente", "exactly"),  # es- → ex-, tt → ct, -amente → -ly
        ("differenza", "difference"),  # -enza → -ence
        ("costante", "constant"),  # cos- → cons-
        ("sinonimi", "synonyms"),  # i → y
    ],
)
def test_an_italian_word_spells_its_english_cognates_by_regular_rules(italian, english):
    stems = {s for _, group, _ in text.cognates(text.fold(italian)) for s in group}
    assert text.stem(english, "english") in stems


def test_cognates_never_repeat_a_stem_of_the_word_or_of_one_another():
    for word in ("importanza", "indicare", "verbo", "preposizioni", "storia", "aggettivo"):
        seen = [{text.stem(word, language) for language in text.STEMMERS}]
        seen += [set(group) for _, group, _ in text.cognates(word)]
        assert sum(map(len, seen)) == len(set().union(*seen)), word


def test_short_words_stop_words_and_numbers_have_no_cognates():
    assert text.cognates("casa") == text.cognates("quello") == text.cognates("12345") == ()


def test_only_the_stems_the_index_holds_are_searched_each_cognate_as_a_word():
    groups = [["nazion", "nazioni"], ["preposizion", "preposizioni"]]
    held = {"nation", "preposit", "preposition", "other"}.intersection
    found, lit = text.cognate_groups(["nazioni", "preposizioni"], groups, held)
    assert found == [["nation"], ["preposit", "preposition"]]  # "preposition": both stems
    assert lit == ("nation", "preposit")  # prefixes of "nation(s)", "preposit(ion)"
    assert text.cognate_groups(["nazioni"], groups, lambda stems: set()) == ([], ())
