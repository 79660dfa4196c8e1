"""The behaviour suite: the same tests on every engine (embedded always; Elasticsearch when
ELASTICSEARCH_URL is set), through the public pages and the JSON API."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community.models import SpacePage
from search import ranking, services
from tests.search import helpers

pytestmark = pytest.mark.django_db


def titles(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return [hit["title"] for hit in response.json()["hits"]]


def test_it_finds_spaces_news_and_threads_from_one_box(client, network):
    assert "Officina Lambrate" in titles(client, q="lambrate")
    assert "Nuove scrivanie all'Università" in titles(client, q="università")
    assert "Come si fattura una consulenza?" in titles(client, q="fattura")


def test_it_matches_inflected_and_accented_forms(client, network):
    assert "Come si fattura una consulenza?" in titles(client, q="fatture consulenze")
    assert "Tavolo Torino" in titles(client, q="citta")
    assert "Nuove scrivanie all'Università" in titles(client, q="universita")


def test_an_italian_word_finds_an_english_thread_through_its_cognate(client, network, settle):
    helpers.topic("Usage of prepositions with countries", "Which ones go before a country?")
    settle()
    hits = client.get("/api/search", {"q": "preposizioni"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Usage of prepositions with countries"]
    assert "<mark>prepositions</mark>" in hits[0]["title_html"]  # lit like a stem


def test_a_cognate_is_an_alternative_that_never_narrows_or_outranks_the_word(
    client, network, settle
):
    helpers.topic("Nomi delle nazioni europee", "Come si scrivono in italiano?")
    helpers.topic("Names of European nations", "How are they spelled in English?")
    settle()
    assert titles(client, q="nazioni") == [
        "Nomi delle nazioni europee",
        "Names of European nations",
    ]
    # Two words, each held by one thread only: neither word (nor its cognate) is required.
    found = titles(client, q="nazioni spelled")
    assert set(found) == {"Nomi delle nazioni europee", "Names of European nations"}


def test_it_ranks_title_matches_above_body_matches(client, network, settle):
    helpers.topic("Parcheggio biciclette", "Dove lascio la bici?")
    helpers.topic("Domanda generica", "Qualcuno sa se c'è un parcheggio per biciclette?")
    settle()
    assert titles(client, q="parcheggio")[0] == "Parcheggio biciclette"


def test_a_thread_with_every_word_in_its_title_outranks_one_repeating_some(client, network, settle):
    helpers.topic("Rimborso spese trasferta", "Come chiedo il rimborso?")
    helpers.topic("Spese condominiali", "Le spese, le spese e ancora spese: spese ovunque.")
    settle()
    assert titles(client, q="rimborso spese trasferta")[0] == "Rimborso spese trasferta"


def test_a_word_that_folds_to_a_stop_word_finds_the_title_that_holds_it(client, network, settle):
    helpers.topic("Si scrive né o ne?", "Una domanda sull'accento.")
    helpers.topic("Una domanda", "Un dubbio sull'accento.")
    settle()
    assert titles(client, q="accento su né")[0] == "Si scrive né o ne?"  # "né" folds to "ne"


def test_it_prefers_recent_news_when_relevance_ties(client, network):
    found = titles(client, q="scrivanie postazioni", kind="news")
    assert found.index("Nuove scrivanie all'Università") < found.index("Scrivanie in offerta")


def test_threads_lose_their_recency_boost_on_one_curve(network, settle):
    now, ages = timezone.now(), [0, 180, 5 * 365]  # days: fresh, ~6 months, 5 years
    topics = [
        helpers.topic("Toner finito", "Stampante ferma", when=now - timedelta(days=d)) for d in ages
    ]  # one text: one bm25, the scores differ by the boost alone
    settle()
    hits = services.search({"q": "toner stampante"}, AnonymousUser()).hits
    score = {int(h.url.rstrip("/").rsplit("-", 1)[1]): h.score for h in hits}  # by topic id
    fresh = score[topics[0].pk]

    def boost(days):
        return 1 + ranking.RECENT_BOOST / (1 + days * 86_400 / ranking.HALF_LIFE)

    for topic, days in zip(topics[1:], ages[1:], strict=True):
        ratio = score[topic.pk] / fresh
        assert ratio == pytest.approx(boost(days) / boost(0), rel=1e-3), days


def test_it_highlights_matches_in_escaped_snippets(client, network, settle):
    helpers.topic("Script nel post", "<script>alert(1)</script> attenzione al markup pericoloso")
    settle()
    response = client.get("/cerca/", {"q": "markup pericoloso"})
    body = response.content.decode()
    assert "<mark>" in body
    assert "<script>alert(1)</script>" not in body


def test_a_match_deep_in_a_long_thread_is_shown_in_a_short_snippet(client, network, settle):
    filler = " ".join(f"parola{i}" for i in range(400))
    helpers.topic("Armadietti", f"{filler} chiediamo armadietti nuovi per le borse. {filler}")
    settle()
    hit = client.get("/api/search", {"q": "armadietto"}).json()["hits"][0]
    snippet = hit["snippet_html"]
    assert "<mark>armadietti</mark> nuovi" in snippet
    assert len(snippet) < 600  # a window around the match, not the thread


def test_it_counts_facets_and_filters_by_them(client, network):
    data = client.get("/api/search", {"q": "scrivanie"}).json()
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds["news"] == 2
    filtered = client.get("/api/search", {"q": "scrivanie", "kind": "space"}).json()
    assert {h["kind"] for h in filtered["hits"]} == {"space"}


def test_it_sorts_by_newest(client, network):
    found = titles(client, q="scrivanie", sort="newest", kind="news")
    assert found == ["Nuove scrivanie all'Università", "Scrivanie in offerta"]


def test_it_sorts_spaces_by_distance_from_a_point(client, network):
    data = client.get("/api/search", {"near": "45.4850,9.2360"}).json()
    assert data["hits"][0]["title"] == "Officina Lambrate"
    assert data["hits"][0]["distance_km"] < 1
    assert data["hits"][-1]["title"] == "Tavolo Torino"


def test_it_pages_spaces_by_distance_near_and_far_alike(client, network, settle):
    # Three spaces within 3 km, twelve 6-7 km away on the diagonals (in the corners of a 5 km
    # square around the point, where the tantivy engine looks first: nearer in latitude and
    # longitude, farther in km), a few far away and two without a place, which come last.
    places = [(km, 90 * i) for i, km in enumerate((1, 2, 3))]
    places += [(6 + i / 10, 45 + 90 * (i % 4)) for i in range(12)]
    places += [(km, 30) for km in (60, 250, 500)]
    for n, (km, degrees) in enumerate(places):
        lat = 45 + km * math.cos(math.radians(degrees)) / 111.2
        lon = 7 + km * math.sin(math.radians(degrees)) / 78.7
        helpers.space(f"Sede {n}", lat=round(lat, 6), lon=round(lon, 6))
    helpers.space("Sede senza luogo 1")
    helpers.space("Sede senza luogo 2")
    settle()
    pages = [client.get("/api/search", {"near": "45.0,7.0", "page": n}).json() for n in (1, 2, 3)]
    hits = [hit for page in pages for hit in page["hits"]]
    located = [h["distance_km"] for h in hits if h["distance_km"] is not None]
    assert located == sorted(located) and len(located) == pages[0]["total"] - 2
    assert [h["title"] for h in hits[-2:]] == ["Sede senza luogo 1", "Sede senza luogo 2"]


def test_it_sorts_spaces_by_distance_from_a_city_name(client, network):
    data = client.get("/api/search", {"near": "Torino"}).json()
    assert data["hits"][0]["title"] == "Tavolo Torino"


def test_it_suggests_a_correction_for_a_typo(client, network):
    data = client.get("/api/search", {"q": "consulemza"}).json()
    assert data["suggestion"] == "consulenza"


def test_it_paginates(client, network, settle):
    for i in range(12):
        helpers.topic(f"Stampante numero {i}", "La stampante del terzo piano")
    settle()
    first = client.get("/api/search", {"q": "stampante"}).json()
    second = client.get("/api/search", {"q": "stampante", "page": 2}).json()
    assert (first["total"], first["pages"], len(second["hits"])) == (12, 2, 2)


def test_it_finds_words_written_between_a_less_than_and_a_greater_than_sign(
    client, network, settle
):
    helpers.topic("Prezzi delle sale", "Con budget < 300 euro una saletta; oltre > 20 persone")
    settle()
    assert titles(client, q="saletta") == ["Prezzi delle sale"]  # not taken for an HTML tag


def test_it_autocompletes_titles_as_you_type(client, network):
    data = client.get("/api/autocomplete", {"q": "offic"}).json()
    assert [r["title"] for r in data["results"]] == ["Officina Lambrate"]


def test_autocomplete_matches_earlier_words_whole_and_the_last_as_typed(client, network):
    def completed(q):
        return [r["title"] for r in client.get("/api/autocomplete", {"q": q}).json()["results"]]

    assert completed("officina lam") == ["Officina Lambrate"]
    assert completed("offic lam") == []  # "offic" is no word of the title
    assert completed("officine lam") == []  # nor another word of its stem (Elasticsearch too)


def test_it_finds_a_saved_post_on_the_next_request(client, network, settle):
    helpers.topic("Wifi lento al secondo piano", "Il router si blocca")
    settle()
    assert "Wifi lento al secondo piano" in titles(client, q="router")


def test_threads_in_a_space_forum_carry_the_space_city(client, network, settle):
    forum = helpers.Forum.objects.get(space_page=network["torino"])
    helpers.topic("Chiavi del portone", "Chi ha le chiavi del portone?", forum=forum)
    settle()
    data = client.get("/api/search", {"q": "portone", "city": "Torino"}).json()
    assert [h["title"] for h in data["hits"]] == ["Chiavi del portone"]


def test_forum_facets_follow_a_moved_thread_and_a_renamed_forum(client, network, settle):
    staying = helpers.topic("Lavagna magnetica", "Serve una lavagna in sala riunioni")
    moving = helpers.topic("Lavagna nuova", "Una lavagna per Torino")
    settle()
    client.get("/api/search", {"q": "lavagna"})  # (an engine may keep the names it counted)
    staying.forum.name = "Attrezzature"  # its threads keep their (forum, year) facet
    staying.forum.save()
    moving.forum = helpers.Forum.objects.get(space_page=network["torino"])
    moving.save()
    settle()
    data = client.get("/api/search", {"q": "lavagna"}).json()
    forums = {f["label"]: f["count"] for f in data["facets"]["forum"]}
    assert forums == {"Attrezzature": 1, moving.forum.name: 1}
    assert data["total"] == 2 and data["facets"]["kind"] == [
        {"value": "thread", "label": "thread", "count": 2}
    ]


def test_a_city_known_only_from_an_expired_space_is_no_place_to_search_near(client, network):
    bergamo = helpers.space("Spazio Scaduto", city="Bergamo", lat=45.6983, lon=9.6773)
    assert client.get("/api/search", {"near": "Bergamo"}).status_code == 200
    SpacePage.objects.filter(pk=bergamo.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    response = client.get("/api/search", {"near": "Bergamo"})
    assert response.status_code == 400 and "Bergamo" in response.json()["error"]


def test_a_page_past_its_expiry_is_hidden_before_the_worker_unpublishes_it(client, network, settle):
    SpacePage.objects.filter(pk=network["isola"].pk).update(expire_at=timezone.now())
    services.record("page", network["isola"].pk)  # re-read: still live, carrying its expiry
    settle()
    assert "Isola Coworking" not in titles(client, q="isola coworking")
    assert "Isola Coworking" not in client.get("/cerca/", {"q": "isola"}).content.decode()
    assert client.get("/api/autocomplete", {"q": "isola"}).json()["results"] == []


def test_a_page_drops_out_of_results_when_its_expiry_comes(client, network, monkeypatch, settle):
    if services.get_engine().name == "elasticsearch":
        pytest.skip("the embedded engines' clock can be moved; Elasticsearch reads its own")
    later = timezone.now() + timedelta(hours=1)
    SpacePage.objects.filter(pk=network["isola"].pk).update(expire_at=later)
    services.record("page", network["isola"].pk)
    settle()
    assert "Isola Coworking" in titles(client, q="isola")
    monkeypatch.setattr("time.time", lambda: later.timestamp() + 1)
    assert "Isola Coworking" not in titles(client, q="isola")


def test_no_suggestion_comes_from_a_page_past_its_expiry(client, network, settle):
    page = helpers.space("Spazio Zanzibar", description="<p>Il salone zanzibar</p>")
    SpacePage.objects.filter(pk=page.pk).update(expire_at=timezone.now())
    services.record("page", page.pk)  # re-read: still live, carrying its expiry
    settle()
    assert client.get("/api/search", {"q": "zanzibat"}).json()["suggestion"] == ""
    assert client.get("/api/suggest", {"q": "zanzibat"}).json()["suggestion"] == ""


def test_a_suggestion_goes_once_its_only_page_expires(client, network, monkeypatch, settle):
    if services.get_engine().name == "elasticsearch":
        pytest.skip("the embedded engines' clock can be moved; Elasticsearch reads its own")
    page = helpers.space("Spazio Zanzibar", description="<p>Il salone zanzibar</p>")
    later = timezone.now() + timedelta(hours=1)
    SpacePage.objects.filter(pk=page.pk).update(expire_at=later)
    services.record("page", page.pk)
    settle()
    assert client.get("/api/search", {"q": "zanzibat"}).json()["suggestion"] == "zanzibar"
    monkeypatch.setattr("time.time", lambda: later.timestamp() + 1)  # the worker not run yet
    assert client.get("/api/search", {"q": "zanzibat"}).json()["suggestion"] == ""
