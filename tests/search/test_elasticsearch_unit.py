"""The Elasticsearch engine without a server: mappings, query bodies built from user input,
response parsing from a recorded response, and a refused connection on a real closed port."""

from __future__ import annotations

import json

import pytest

from search import ranking, services, text
from search.documents import LAYOUT, build_index, to_source
from search.engines.elastic import build_search, parse_response
from search.engines.elastic_query import autocomplete_search, confirm_search
from search.models import IndexUpdate
from search.params import SearchParams
from tests.search import helpers

CLOSED_PORT = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused


def words_found(body: dict) -> list[dict]:
    """The query's scored clauses: the words' multi_match, then any cognates beside it."""
    found = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["must"][0]
    return found["bool"]["should"] if "bool" in found else [found]


def test_title_and_body_hold_both_languages_stems_weighed_as_the_embedded_engine():
    # The analyzers themselves: tests/search/test_analysis.py.
    props = build_index("tavolone-test-search").to_dict()["mappings"]["properties"]
    assert props["title"]["analyzer"] == props["body"]["analyzer"] == "tv_stemmed"
    assert list(props["title"]["fields"]) == ["words", "ac"] and "fields" not in props["body"]
    body = build_search(SearchParams.parse({"q": "sala"}), [], "idx").to_dict()
    match = words_found(body)[0]["multi_match"]
    assert match["fields"] == ["title", "body"] and match["type"] == "most_fields"  # rerank.py
    assert props["title"]["fields"]["ac"]["analyzer"] == "tv_autocomplete"
    assert props["suggest_text"]["analyzer"] == "tv_folded"
    assert props["location"]["type"] == "geo_point"
    assert props["forum_id"]["type"] == "integer"


def test_cognates_are_an_optional_match_of_title_and_body_at_a_lower_weight():
    body = build_search(SearchParams.parse({"q": "nazioni"}), [], "idx").to_dict()
    words, cognates = words_found(body)
    assert words["multi_match"]["query"] == "nazioni"
    assert "nation" in cognates["multi_match"]["query"].split()
    assert cognates["multi_match"]["fields"] == ["title", "body"]  # analysed as typed words are
    assert cognates["multi_match"]["boost"] == ranking.COGNATE_WEIGHT
    found = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["must"][0]
    assert found["bool"]["minimum_should_match"] == 1  # any one: the word or a cognate


def test_user_syntax_never_reaches_a_query_parser():
    params = SearchParams.parse({"q": "title:(città OR \"dell'aula) AND x~2 ^3 -y *"})
    body = json.dumps(build_search(params, [4, 7], "idx").to_dict())
    assert "query_string" not in body
    query = words_found(build_search(params, [4, 7], "idx").to_dict())[0]["multi_match"]["query"]
    assert query == "title citta aula x 2 3 y"


def test_words_match_only_themselves_and_corrections_are_searched_as_words():
    params = SearchParams.parse({"q": "sala segretp"})
    first = build_search(params, [], "idx").to_dict()
    match = words_found(first)[0]["multi_match"]
    assert "fuzziness" not in match  # as the embedded engine: no fuzzy match of correct words
    assert first["suggest"]["fix"]["term"] == {
        "field": "suggest_text", "suggest_mode": "missing", "min_word_length": 4,
        "max_edits": 1, "prefix_length": 0, "sort": "frequency",
        "string_distance": "damerau_levenshtein", "size": 50, "shard_size": 50,
    }  # fmt: skip
    second = build_search(params, [], "idx", ["segreto"]).to_dict()
    match = words_found(second)[0]["multi_match"]
    assert match["query"] == "sala segretp segreto" and "suggest" not in second


def test_facets_list_every_value_by_count_then_label_as_the_embedded_engine():
    body = build_search(SearchParams.parse({"q": "sala"}), [], "idx").to_dict()
    sizes = {(a.get("aggs", {}).get("values") or a)["terms"]["size"] for a in body["aggs"].values()}
    assert sizes == {1000}
    buckets = [{"key": 9, "doc_count": 2, "name": {"buckets": [{"key": "Zona"}]}},
               {"key": 3, "doc_count": 5, "name": {"buckets": [{"key": "Eventi"}]}},
               {"key": 4, "doc_count": 2, "name": {"buckets": [{"key": "Annunci"}]}}]  # fmt: skip
    facets = parse_response({"aggregations": {"forum": {"buckets": buckets}}}, SearchParams())
    assert [f.label for f in facets.facets["forum"]] == ["Eventi", "Annunci", "Zona"]


def test_a_transposition_is_chosen_over_a_more_frequent_word_one_deletion_away():
    options = [{"text": "ero", "freq": 40}, {"text": "euro", "freq": 2}]  # "ero" the commoner
    fix = [{"text": "eruo", "offset": 0, "length": 4, "options": options}]
    typed = SearchParams.parse({"q": "eruo"})
    assert parse_response({"suggest": {"fix": fix}}, typed).suggestion == "euro"


def test_among_equally_frequent_words_the_keyboard_slip_is_chosen():
    options = [{"text": "tavolo", "freq": 3}, {"text": "tavola", "freq": 3}]  # s is beside a
    fix = [{"text": "tavols", "offset": 0, "length": 6, "options": options}]
    typed = SearchParams.parse({"q": "tavols"})
    assert parse_response({"suggest": {"fix": fix}}, typed).suggestion == "tavola"


def test_the_confirmation_asks_whether_the_typed_words_stems_find_public_documents():
    body = confirm_search(["riunioni"], "idx", ["riunione"]).to_dict()
    assert body["aggs"]["w0"] == {"filter": {"term": {"suggest_text": "riunioni"}}}
    stems = {"multi_match": {"query": "riunione", "fields": ["title", "body"]}}
    assert body["aggs"]["t0"] == {"filter": stems}
    assert {"term": {"is_public": True}} in body["query"]["bool"]["filter"]


def test_a_number_is_never_corrected():
    fix = [{"text": "2024", "options": [{"text": "2025", "score": 0.75, "freq": 9}]}]
    typed = SearchParams.parse({"q": "2024"})
    assert parse_response({"suggest": {"fix": fix}}, typed).suggestion == ""


def test_threads_are_filtered_by_readable_forums_and_filters_apply():
    params = SearchParams.parse({"q": "sala", "kind": "thread", "forum": "7", "year": "2025"})
    body = build_search(params, [4, 7], "idx").to_dict()
    filters = json.dumps(body["query"]["bool"]["filter"])
    assert '{"terms": {"forum_id": [4, 7]}}' in filters
    assert '{"term": {"kind": "thread"}}' in filters
    assert '{"term": {"forum_id": 7}}' in filters


def test_near_sorts_by_geo_distance():
    params = SearchParams.parse({"near": "45.48,9.23"})
    body = build_search(params, [], "idx").to_dict()
    assert body["sort"][0]["_geo_distance"]["location"] == {"lat": 45.48, "lon": 9.23}


RECORDED = {
    "took": 3,
    "hits": {
        "total": {"value": 1, "relation": "eq"},
        "hits": [
            {
                "_id": "thread:5",
                "_score": 7.5,
                "_source": {"kind": "thread", "title": "Sala <b>riunioni</b>", "url": "/t/5/",
                            "date": "2025-04-01T10:00:00+00:00", "forum": "Eventi"},
                "highlight": {"body": ["la \x01sala\x02 <script>x</script>"]},
            }
        ],
    },
    "aggregations": {
        "kind": {"buckets": [{"key": "thread", "doc_count": 1}]},
        "forum": {"buckets": [{"key": 4, "doc_count": 1,
                               "name": {"buckets": [{"key": "Eventi", "doc_count": 1}]}}]},
    },
    "suggest": {"fix": [{"text": "sla", "options": [{"text": "sala", "score": 0.6}]}]},
}  # fmt: skip


def test_it_parses_a_recorded_response_with_escaped_snippets():
    results = parse_response(RECORDED, SearchParams.parse({"q": "sla"}))
    hit = results.hits[0]
    assert (results.total, hit.kind, hit.url, hit.forum) == (1, "thread", "/t/5/", "Eventi")
    assert hit.snippet_html == "la <mark>sala</mark> &lt;script&gt;x&lt;/script&gt;"
    assert hit.title_html == "Sala &lt;b&gt;riunioni&lt;/b&gt;"
    assert results.facets["forum"][0].label == "Eventi"
    assert results.suggestion == "sala"


def test_a_refused_connection_is_a_clear_503(client, db, settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    response = client.get("/cerca/", {"q": "sala"})
    assert response.status_code == 503
    assert "non è disponibile" in response.content.decode()  # translated (gettext_lazy)
    assert client.get("/api/search", {"q": "sala"}).status_code == 503
    assert client.get("/api/autocomplete", {"q": "sala"}).status_code == 503


def test_saves_succeed_and_updates_wait_while_the_cluster_is_down(db, settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    helpers.topic("Sala prove", "Una sala per suonare")  # the save itself succeeds
    pending = IndexUpdate.objects.count()
    assert pending > 0
    with pytest.raises(services.EngineUnavailable):
        services.drain()
    with pytest.raises(services.EngineUnavailable):
        services.run_pending()  # the worker logs it and retries after a back-off
    assert IndexUpdate.objects.count() == pending


def test_the_city_filter_ignores_case_as_the_embedded_engine_does():
    body = build_search(SearchParams.parse({"q": "sala", "city": "milano"}), [], "idx").to_dict()
    assert {"term": {"city.caseless": "milano"}} in body["query"]["bool"]["filter"]
    city = build_index("idx").to_dict()["mappings"]["properties"]["city"]
    assert city["fields"]["caseless"]["normalizer"] == "tv_caseless"
    # COLLATE NOCASE folds the case of ASCII letters only (no asciifolding: "CITTÀ" ≠ "città").
    analysis = build_index("idx").to_dict()["settings"]["analysis"]
    assert analysis["normalizer"]["tv_caseless"] == {
        "type": "custom", "char_filter": ["tv_ascii_case"]
    }  # fmt: skip
    rules = analysis["char_filter"]["tv_ascii_case"]["mappings"]
    assert len(rules) == 26 and rules[0] == "A => a" and rules[-1] == "Z => z"


def test_highlight_sentinels_typed_by_a_user_never_reach_the_index():
    source = to_source({"key": "thread:1", "kind": "thread", "title": "a\x01b\x02c",
                        "body": "\x01<mark>\x02", "url": "/t/1/"})  # fmt: skip
    assert "\x01" not in json.dumps(source) and "\x02" not in json.dumps(source)
    assert (
        parse_response(
            {"hits": {"hits": [{"_source": source, "highlight": {"body": [source["body"]]}}]}},
            SearchParams(),
        )
        .hits[0]
        .snippet_html
        == " &lt;mark&gt; "
    )


def test_the_index_expands_replicas_and_records_its_layout():
    body = build_index("idx", replicas="0-2").to_dict()
    assert body["settings"]["auto_expand_replicas"] == "0-2"
    assert "number_of_replicas" not in body["settings"]
    assert body["settings"]["max_ngram_diff"] == 18
    assert body["mappings"]["_meta"] == {"tavolone_layout": LAYOUT}


def test_every_query_leaves_out_pages_expired_at_query_time():
    expired = {"bool": {"must_not": [{"range": {"expire_at": {"lte": "now"}}}]}}
    bodies = [
        build_search(SearchParams.parse({"q": "sala"}), [], "idx").to_dict(),
        autocomplete_search("sala", [], 8, "idx").to_dict(),
        confirm_search(["sala"], "idx").to_dict(),
    ]
    for body in bodies:
        assert expired in body["query"]["bool"]["filter"]


def test_the_suggester_weighs_every_candidate_the_embedded_engine_would():
    # The 13th option decides (a keyboard slip among equally frequent words: e is beside s),
    # where 10 were once returned; "tavolà" no a–z, 0–9 typo makes (the embedded edits1).
    options = [{"text": f"tavol{c}", "freq": 9} for c in "bcfghijklmnoe"]
    options.insert(0, {"text": "tavolà", "freq": 50})
    fix = [{"text": "tavols", "offset": 0, "length": 6, "options": options}]
    typed = SearchParams.parse({"q": "tavols"})
    assert parse_response({"suggest": {"fix": fix}}, typed).suggestion == "tavole"
    embedded = {o["text"]: o["freq"] for o in options if o["text"] in text.edits1("tavols")}
    assert text.best_correction("tavols", embedded) == "tavole"  # the embedded engine's choice


def test_a_suggestion_keeps_the_stop_words_the_user_typed_as_the_embedded_engine():
    fix = [{"text": "riunoni", "options": [{"text": "riunioni", "freq": 3}]}]  # "sala" is known
    typed = SearchParams.parse({"q": "Sala per riunoni"})
    assert parse_response({"suggest": {"fix": fix}}, typed).suggestion == "sala per riunioni"
    assert text.corrected("Sala per riunoni", {"riunoni": "riunioni"}) == "sala per riunioni"
