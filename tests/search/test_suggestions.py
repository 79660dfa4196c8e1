"""Did you mean, on every engine (embedded always; Elasticsearch when ELASTICSEARCH_URL is set):
only typos are corrected, to the word they most likely misspell, and what a correction finds is
highlighted. The rule itself: search.text.best_correction."""

from __future__ import annotations

import pytest

from tests.search import helpers

pytestmark = pytest.mark.django_db


def ask(client, q: str) -> dict:
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_correct_word_indexed_only_in_other_forms_is_never_corrected(client, network, settle):
    helpers.topic("Prezzi delle sale", "Le riunioni costano poco: i prezzi sono bassi.")
    settle()
    for word in ("riunione", "prezzo"):  # "riunioni", "prezzi" are the indexed words
        data = ask(client, word)
        assert data["suggestion"] == ""
        assert "Prezzi delle sale" in [hit["title"] for hit in data["hits"]]
        assert client.get("/api/suggest", {"q": word}).json()["suggestion"] == ""


def test_a_transposed_typo_goes_to_its_word_before_a_commoner_one(client, network, settle):
    for i in range(3):  # "ero" (one deletion from "eruo") is the commoner word
        helpers.topic(f"Ricordi {i}", "Quando ero giovane lavoravo da casa.")
    helpers.topic("Abbonamento mensile", "Costa cento euro al mese.")
    settle()
    data = ask(client, "eruo")
    assert data["suggestion"] == "euro"
    assert data["hits"][0]["title"] == "Abbonamento mensile"


def test_among_equally_frequent_words_a_slip_to_a_neighbouring_key_wins(client, network, settle):
    helpers.topic("Giardino", "Una siepe di mirto lungo il muro.")
    helpers.topic("Telefono", "Il telefono del bar è morto ieri.")
    settle()
    assert ask(client, "mjrto")["suggestion"] == "mirto"  # j is beside i, far from o
    assert ask(client, "mlrto")["suggestion"] == "morto"  # l is beside o


def test_what_a_correction_finds_is_highlighted(client, network, settle):
    helpers.topic("Abbonamento mensile", "Costa cento euro al mese, caffè compreso.")
    settle()
    hit = ask(client, "eruo")["hits"][0]
    assert "<mark>euro</mark>" in hit["snippet_html"]


def test_the_results_page_suggests_the_query_as_typed_with_its_stop_words(client, network, settle):
    helpers.topic("Abbonamento mensile", "Costa cento euro al mese.")
    settle()
    assert ask(client, "cento eruo al mese")["suggestion"] == "cento euro al mese"
    page = client.get("/cerca/", {"q": "cento eruo al mese"}).content.decode()
    assert "<em>cento euro al mese</em>" in page  # "al" kept: the link searches what was typed
    suggested = client.get("/api/suggest", {"q": "cento eruo al mese"}).json()["suggestion"]
    assert suggested == "cento euro al mese"  # the same on both surfaces
