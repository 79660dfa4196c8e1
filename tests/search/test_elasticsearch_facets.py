"""The registry's facets on Elasticsearch without a server: the mapping, the request bodies
built from chosen values, the documents written, and a recorded answer read back through the
API (tests/search/es_replay.py)."""

from __future__ import annotations

import json

import pytest

from community.models import Amenity
from search.documents import build_index, to_source
from search.engines.elastic import build_search, parse_response
from search.params import SearchParams
from tests.search import es_replay as rec


def test_amenities_and_skills_are_keyword_fields_of_the_index():
    props = build_index("tavolone-test-search").to_dict()["mappings"]["properties"]
    assert props["amenity"] == {"type": "keyword"}
    assert props["skill"] == {"type": "keyword"}


def test_each_chosen_amenity_is_a_filter_of_its_own_and_every_facet_is_counted():
    params = SearchParams.parse({"q": "sala", "amenity": ["wifi", "parcheggio", "wifi"]})
    body = build_search(params, [4], "idx").to_dict()
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"amenity": "wifi"}} in filters
    assert {"term": {"amenity": "parcheggio"}} in filters
    assert json.dumps(filters).count('"amenity"') == 2  # repeated values: one filter
    assert set(body["aggs"]) == {"kind", "city", "forum", "year", "amenity", "skill"}
    assert body["aggs"]["skill"] == {
        "filter": {"terms": {"kind": ["person"]}},
        "aggs": {"values": {"terms": {"field": "skill", "size": 1000}}},
    }


def test_a_facet_is_counted_over_the_kinds_that_carry_it_alone():
    # A members-only profile stores its audience as forum id 0: no forum to count.
    forum = build_search(SearchParams.parse({"q": "ada"}), [0], "idx").to_dict()["aggs"]["forum"]
    assert forum["filter"] == {"terms": {"kind": ["thread"]}}
    assert forum["aggs"]["values"]["terms"]["field"] == "forum_id"
    answer = {"forum": {"doc_count": 1, "values": {"buckets": [
        {"key": 4, "doc_count": 1, "name": {"buckets": [{"key": "Eventi", "doc_count": 1}]}}
    ]}}}  # fmt: skip
    parsed = parse_response({"aggregations": answer}, SearchParams())
    assert [(f.value, f.label, f.count) for f in parsed.facets["forum"]] == [("4", "Eventi", 1)]


def test_documents_carry_their_facet_values_and_an_empty_list_when_they_have_none():
    doc = {
        "kind": "space",
        "title": "Sarca",
        "body": "",
        "url": "/s/",
        "facets": {"amenity": ["wifi"]},
    }
    assert to_source(doc)["amenity"] == ["wifi"] and to_source(doc)["skill"] == []
    thread = {"kind": "thread", "title": "T", "body": "", "url": "/t/"}
    assert to_source(thread)["amenity"] == []


@pytest.mark.django_db
def test_the_api_labels_counted_amenities_and_drops_unknown_ones(client, es):
    Amenity.objects.create(slug="wifi", name="Wi-Fi veloce", name_en="Fast wifi")
    buckets = [{"key": "wifi", "doc_count": 2}, {"key": "gone", "doc_count": 1}]
    answer = rec.search_answer(aggregations={"amenity": {"buckets": buckets}})
    es.on("POST", f"/{es.alias}/_search", (200, answer))
    data = client.get("/api/search", {"q": "sala", "amenity": ["wifi", "piscina"]}).json()
    assert data["facets"]["amenity"] == [{"value": "wifi", "label": "Wi-Fi veloce", "count": 2}]
    assert data["query"]["amenity"] == ["wifi"]
    sent = json.dumps(es.requests[-1].body)
    assert '{"term": {"amenity": "wifi"}}' in sent and "piscina" not in sent


def test_a_facet_alone_is_a_filtered_listing_with_opening_lines():
    body = build_search(SearchParams.parse({"amenity": "wifi"}), [], "idx").to_dict()
    assert "function_score" not in json.dumps(body["query"])
    assert body["query"]["bool"]["filter"][-1] == {"term": {"amenity": "wifi"}}
    assert body["highlight"]["fields"]["body"]["no_match_size"] == 200
