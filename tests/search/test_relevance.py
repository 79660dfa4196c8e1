"""Relevance on real text: the Italian Language Stack Exchange dump (CC BY-SA 3.0, imported
with attribution) in the forum; inflected, accented, elided and one-typo queries must find the
right thread in the top 3."""

from __future__ import annotations

import pytest

from search import services
from search.engines.embedded import relevance

CASES = [
    # inflected forms (Italian and English)
    ("gatte al lardo", "5"),
    ("regole articoli squadre calcio", "1"),
    ("football teams articles", "1"),
    ("spazzino", "1242"),
    ("ecologico", "1242"),
    ("vendesi vendonsi appartamento", "1246"),
    ("fiorai fioristi", "1312"),
    ("maiuscole punto interrogativo", "1268"),
    ("bocca lupi", "1879"),
    ("suffisso sostantivo derivato", "1410"),
    ("coniugazioni verbo ire", "1340"),
    ("mi sono dimenticata", "1526"),
    # accents, with and without
    ("vabbe", "38"),
    ("utensile", "43"),
    ("perche spazzini", "1242"),
    ("citta edificio", "1381"),
    ("perché non si dice nel lazio", "1875"),
    ("famigerato valenza negativa", "1731"),
    # elisions
    ("dell'espressione di punto in bianco", "1184"),
    ("sull'orlo del collasso", "1452"),
    ("all'orlo", "1452"),
    ("l'origine di da quattro soldi", "1722"),
    ("un'acca", "1229"),
    # one-letter typos
    ("sfanaglare", "1166"),
    ("scancelare", "1173"),
    ("mortadela", "65"),
    ("muca vacca", "1711"),
    ("glieloo", "1859"),
    ("twiteratore", "1662"),
    ("nonodecmo", "1636"),
    ("piazzalle", "1870"),
    ("magarri", "80"),
]


@pytest.mark.parametrize(("query", "question"), CASES)
def test_it_finds_the_right_thread_in_the_top_three(corpus, settings, db, query, question):
    settings.SEARCH_EMBEDDED_PATH, topics = corpus
    settings.SEARCH_ENGINE = services.EMBEDDED  # the corpus's index
    results = services.search({"q": query}, user=None)
    top = [hit.url for hit in results.hits[:3]]
    expected = topics[question]
    assert any(f"-{expected.pk}/" in url for url in top), (query, [h.title for h in results.hits])


def test_imported_posts_keep_their_attribution(corpus, db):
    _, topics = corpus
    content = str(topics["5"].posts.first().content)
    assert "https://italian.stackexchange.com/questions/5" in content
    assert "CC BY-SA" in content


PRUNED = ["parola italiana", "lingua italiana", "english italian", "differenza tra", "verbo",
          "parola verbo", "word meaning", "verbo passato remoto"]  # fmt: skip


def test_pruned_ranking_gives_the_pages_that_ranking_every_match_gives(
    corpus, settings, db, monkeypatch
):
    settings.SEARCH_EMBEDDED_PATH, _ = corpus
    settings.SEARCH_ENGINE = services.EMBEDDED  # FTS5's pruning
    answered = []
    top = relevance.pruned_top

    def spy(*args):
        best = top(*args)
        answered.append(best is not None)
        return best

    monkeypatch.setattr(relevance, "pruned_top", spy)
    asks = [{"q": q, "page": n} for q in PRUNED for n in (1, 2)]
    pages = [services.search(ask, None) for ask in asks]
    monkeypatch.setattr(relevance, "pruned_top", lambda *a: None)  # score every match
    for ask, page in zip(asks, pages, strict=True):
        every = services.search(ask, None)
        assert page.total == every.total and len(page.hits) == len(every.hits) > 0, ask
        scores = sorted(h.score for h in page.hits)
        assert scores == pytest.approx(sorted(h.score for h in every.hits)), ask
        above_ties = {h.url for h in page.hits if h.score > scores[0] + 1e-6}
        assert above_ties <= {h.url for h in every.hits}, ask
    assert sum(answered) >= 5  # not vacuous: at least the first five queries' first pages
