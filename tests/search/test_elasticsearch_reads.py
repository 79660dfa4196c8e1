"""Reading from Elasticsearch through the public pages and API, against recorded Elasticsearch 8
answers (tests/search/es_replay.py)."""

from __future__ import annotations

import json

import pytest

from search import services
from tests.search import es_replay as rec

pytestmark = pytest.mark.django_db


def strict_json(response) -> dict:
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(response.content, parse_constant=refuse)


def space_hit(title: str, sort) -> dict:
    source = {"kind": "space", "title": title, "url": "/spazi/x/", "city": "Milano"}
    return {"_id": "page:9", "_score": None, "_source": source, "sort": [sort]}


@pytest.mark.parametrize("missing", ["Infinity", float("inf")])
def test_a_space_without_a_location_has_no_distance_not_infinity(client, es, missing):
    hits = [space_hit("Officina", 0.42), space_hit("Senza mappa", missing)]
    es.on("POST", f"/{es.alias}/_search", (200, rec.search_answer(hits)))
    data = strict_json(client.get("/api/search", {"near": "45.48,9.23"}))
    assert [h["distance_km"] for h in data["hits"]] == [0.42, None]
    page = client.get("/cerca/", {"near": "45.48,9.23"}).content.decode()
    assert "inf" not in page.split("Senza mappa")[1][:200]


def suggesting(es, option: str, public_docs: int) -> None:
    fix = {"fix": [{"text": "segretp", "offset": 0, "length": 7,
                    "options": [{"text": option, "score": 0.83, "freq": 1}]}]}  # fmt: skip
    confirm = rec.search_answer(aggregations={"w0": {"doc_count": public_docs}})
    es.on("POST", f"/{es.alias}/_search", (200, rec.search_answer(suggest=fix)), (200, confirm))


def test_a_suggestion_only_a_deleted_document_still_holds_is_not_offered(client, es):
    suggesting(es, "segreto", public_docs=0)  # the term dictionary keeps deleted documents' words
    assert client.get("/api/search", {"q": "segretp"}).json()["suggestion"] == ""
    confirm = es.sent("POST", "_search")[1].body
    assert {"term": {"is_public": True}} in confirm["query"]["bool"]["filter"]


def test_a_suggestion_a_public_document_holds_is_offered(client, es):
    suggesting(es, "segreto", public_docs=1)
    assert client.get("/api/search", {"q": "segretp"}).json()["suggestion"] == "segreto"


def test_a_confirmed_correction_is_searched_too(client, es):
    suggesting(es, "segreto", public_docs=1)
    found = rec.search_answer([space_hit("Segreteria", None)])
    es.on("POST", f"/{es.alias}/_search", *es.routes[0].responses, (200, found))
    data = client.get("/api/search", {"q": "segretp"}).json()
    assert (data["total"], data["suggestion"]) == (1, "segreto")
    query = es.sent("POST", "_search")[2].body["query"]["bool"]["must"][0]["function_score"]
    assert query["query"]["bool"]["must"][0]["multi_match"]["query"] == "segretp segreto"


def test_a_word_whose_stems_find_public_documents_is_never_corrected(client, es):
    fix = {"fix": [{"text": "riunione", "offset": 0, "length": 8,
                    "options": [{"text": "riunioni", "score": 0.88, "freq": 4}]}]}  # fmt: skip
    confirm = rec.search_answer(aggregations={"w0": {"doc_count": 4}, "t0": {"doc_count": 4}})
    es.on("POST", f"/{es.alias}/_search", (200, rec.search_answer(suggest=fix)), (200, confirm))
    assert client.get("/api/search", {"q": "riunione"}).json()["suggestion"] == ""
    assert len(es.sent("POST", "_search")) == 2  # no second search for a correction
    es.on("POST", f"/{es.alias}/_search", (200, rec.search_answer(suggest=fix)), (200, confirm))
    assert client.get("/api/suggest", {"q": "riunione"}).json()["suggestion"] == ""
    assert es.sent("POST", "_search")[-1].body["aggs"]["t0"]["filter"]["multi_match"]


def test_the_suggest_api_confirms_its_suggestions_too(client, es):
    suggesting(es, "segreto", public_docs=0)
    assert client.get("/api/suggest", {"q": "segretp"}).json()["suggestion"] == ""


def test_an_index_of_another_layout_answers_503_until_rebuilt(client, es):
    es.on("GET", f"/{es.alias}/_mapping", (200, rec.mapping_of(es.alias, None)))  # a squatter
    response = client.get("/api/search", {"q": "sala"})
    assert response.status_code == 503
    assert es.sent("POST", "_search") == []
    assert "search_index rebuild" in services.status()["error"]


def test_a_query_elasticsearch_refuses_is_logged_as_a_bug_and_answered_400(client, es, caplog):
    es.on("POST", f"/{es.alias}/_search", (400, rec.PARSE_ERROR))
    for url in ("/api/search", "/cerca/", "/api/autocomplete", "/api/suggest"):
        response = client.get(url, {"q": "sala"})
        assert response.status_code == 400, url
        assert "possibile eseguire questa ricerca" in response.content.decode(), url  # Italian
    assert "refused a request we built" in caplog.text


def test_a_missing_alias_is_an_empty_answer_before_the_first_build(client, es):
    es.on("GET", f"/{es.alias}/_mapping", (404, rec.index_not_found(es.alias)))
    es.on("POST", f"/{es.alias}/_search", (404, rec.index_not_found(es.alias)))
    data = client.get("/api/search", {"q": "sala"}).json()
    assert data["total"] == 0
    assert client.get("/api/autocomplete", {"q": "sala"}).json()["results"] == []


def test_a_search_that_times_out_answers_503_without_retrying(client, es):
    es.on("POST", f"/{es.alias}/_search", rec.Stall(1.5))  # the read timeout is 1 s
    assert client.get("/api/search", {"q": "sala"}).status_code == 503
    assert len(es.sent("POST", "_search")) == 1


def test_the_api_key_from_the_environment_authenticates_every_request(client, es, settings):
    settings.ELASTICSEARCH_API_KEY = "dGF2b2xvbmU6c2VncmV0bw=="
    client.get("/api/search", {"q": "sala"})
    assert es.requests[-1].headers["authorization"] == "ApiKey dGF2b2xvbmU6c2VncmV0bw=="


def test_results_stand_when_the_suggestion_cannot_be_confirmed(client, es):
    fix = {"fix": [{"text": "segretp", "offset": 0, "length": 7,
                    "options": [{"text": "segreto", "score": 0.83, "freq": 1}]}]}  # fmt: skip
    answer = rec.search_answer([space_hit("Officina", None)], suggest=fix)
    es.on("POST", f"/{es.alias}/_search", (200, answer), rec.Stall(1.5))
    data = client.get("/api/search", {"q": "segretp"}).json()
    assert (data["total"], data["suggestion"]) == (1, "")


def test_refused_credentials_answer_503_and_are_logged(client, es, caplog):
    reason = "unable to authenticate with provided credentials and anonymous access is not allowed"
    refused = {"error": {"type": "security_exception", "reason": reason}, "status": 401}
    es.on("GET", f"/{es.alias}/_mapping", (401, refused))
    assert client.get("/api/search", {"q": "sala"}).status_code == 503
    assert "refused our credentials" in caplog.text
