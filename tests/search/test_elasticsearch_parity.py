"""Both engines rank and complete alike: Elasticsearch's generated bodies against the embedded
engine's behaviour (the painless script is read here line by line in Python; a cluster runs it
in the live suite)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from search import ranking, services, text
from search.documents import SearchDocument, to_source
from search.engines.elastic_query import RECENCY, autocomplete_search, build_search
from search.params import SearchParams

DAY = 86_400
AGES = [0, DAY, 182 * DAY, 5 * 365 * DAY]  # now, a day, ~6 months, 5 years


def painless_boost(kind: str, date_ms: int | None, params: dict) -> float:
    """RECENCY, statement by statement."""
    if kind == "space":
        return 1.0 + params["space"]
    ts = 0 if date_ms is None else date_ms
    age = max(0.0, (params["now"] - ts) / 1000.0)
    return 1.0 + params["recent"] / (1.0 + age / params["half_life"])


def script(now: float) -> dict:
    body = build_search(SearchParams.parse({"q": "sala"}), [], "idx", now=now).to_dict()
    return body["query"]["bool"]["must"][0]["function_score"]


def test_bm25_is_multiplied_by_one_script_of_the_shared_constants():
    score = script(now=1_764_000_037.9)
    assert (score["boost_mode"], score["score_mode"]) == ("multiply", "multiply")
    [function] = score["functions"]
    assert function["script_score"]["script"] == {
        "source": RECENCY,
        "params": {
            "now": 1_764_000_000_000,
            "space": ranking.SPACE_BOOST,
            "recent": ranking.RECENT_BOOST,
            "half_life": 15_552_000.0,
        },
    }  # now: ms, rounded down to the minute
    assert "doc['date'].size() == 0 ? 0L" in RECENCY  # no date: the epoch, as coalesce(ts, 0)
    assert "toInstant().toEpochMilli()" in RECENCY and "Math.max(0.0" in RECENCY


def indexed_boosts(engine, now: float) -> dict[int, float]:
    """The embedded engine's boost at each age: scores of one text, over the space's 1.3."""
    same = {"title": "Sala prove", "body": "Una sala", "is_public": True}
    docs = [{**same, "key": "space:1", "kind": "space", "url": "/s/"}]
    for age in AGES:
        when = datetime.fromtimestamp(now - age, UTC)
        docs.append({**same, "key": f"thread:{age}", "kind": "thread", "url": f"/t/{age}/",
                     "date": when})  # fmt: skip
    engine.index(docs)
    hits = engine.search(SearchParams.parse({"q": "sala prove"}), []).hits
    space = next(h.score for h in hits if h.kind == "space")
    by_url = {h.url: h.score for h in hits}
    return {age: by_url[f"/t/{age}/"] / space * (1 + ranking.SPACE_BOOST) for age in AGES}


@pytest.mark.django_db
def test_the_script_gives_the_embedded_engines_boost_at_every_age():
    now = datetime.now(UTC).timestamp()
    embedded = indexed_boosts(services.get_engine(), now)
    params = script(now)["functions"][0]["script_score"]["script"]["params"]
    for age in AGES:
        es = painless_boost("thread", int((now - age) * 1000), params)
        assert es == pytest.approx(embedded[age], rel=1e-5), age
    assert embedded[0] == pytest.approx(1.6, rel=1e-5)
    assert embedded[182 * DAY] == pytest.approx(1.3, rel=0.01)  # half the boost at ~6 months
    assert painless_boost("space", None, params) == 1 + ranking.SPACE_BOOST


def test_a_document_without_a_date_counts_as_old_as_the_epoch():
    params = script(1_764_000_000)["functions"][0]["script_score"]["script"]["params"]
    undated = painless_boost("person", None, params)
    assert undated == pytest.approx(1 + 0.6 / (1 + 1_764_000_000 / 15_552_000))  # ≈ 1.0052


@pytest.mark.django_db
def test_a_news_day_is_dated_midnight_in_the_sites_time_zone_on_both_engines(settings):
    doc = {"key": "news:1", "kind": "news", "title": "Sala prove", "body": "Una sala",
           "url": "/n/", "date": date(2026, 11, 29), "is_public": True}  # fmt: skip
    engine = services.get_engine()
    engine.index([doc])
    [hit] = engine.search(SearchParams.parse({"q": "sala prove"}), []).hits
    midnight = datetime(2026, 11, 29, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert hit.date == datetime.fromisoformat(to_source(doc)["date"]) == midnight
    assert midnight.utcoffset().total_seconds() == 3600  # not UTC's midnight, an hour later


def completion(prefix: str) -> list[dict] | None:
    s = autocomplete_search(prefix, [], 8, "idx")
    return s.to_dict()["query"]["bool"]["must"] if s else None


def test_autocomplete_matches_earlier_words_whole_and_the_last_as_a_prefix():
    whole = {"operator": "and"}
    assert completion("sala riun") == [
        {"match": {"title.words": {"query": "sala", **whole}}},
        {"match": {"title.ac": {"query": "riun", "operator": "and"}}},
    ]
    # Earlier words as the embedded engine's title column holds them: folded, unstemmed, stop
    # words and elided articles kept ("sala a mil" finds "Sala a Milano", not "Sala Milano").
    assert completion("Sala A mil")[0] == {"match": {"title.words": {"query": "sala a", **whole}}}
    assert completion("all'univ")[0] == {"match": {"title.words": {"query": "all", **whole}}}
    assert completion("sala riunioni d")[1] == {"prefix": {"title.ac": "d"}}  # below 2-grams
    assert completion("di") == [{"match": {"title.ac": {"query": "di", "operator": "and"}}}]
    assert completion("a") is None  # one letter alone, as the embedded engine: nothing yet


def test_autocomplete_reads_earlier_words_unstemmed_on_both_engines():
    props = SearchDocument._doc_type.mapping.to_dict()["properties"]["title"]["fields"]
    assert props["words"] == {"type": "text", "analyzer": "tv_folded"}  # no stop, no stem
    # "uffici" is no word of "Ufficio Lambrate" (the embedded engine's FTS5 `title` column:
    # whole folded words), though its stem is: neither engine completes it.
    assert completion("uffici lam")[0] == {
        "match": {"title.words": {"query": "uffici", "operator": "and"}}
    }
    assert text.stem("uffici") == text.stem("ufficio") and "uffici" not in text.words("Ufficio")


def test_the_engine_sends_the_curve_and_the_completion_over_http(client, db, es):
    before = int(time.time() // 60) * 60_000
    assert client.get("/api/search", {"q": "sala"}).status_code == 200
    score = es.sent("POST", "_search")[-1].body["query"]["bool"]["must"][0]["function_score"]
    sent_now = score["functions"][0]["script_score"]["script"]["params"]["now"]
    assert before <= sent_now <= time.time() * 1000  # this minute, in ms
    assert client.get("/api/autocomplete", {"q": "sala riun"}).status_code == 200
    must = es.sent("POST", "_search")[-1].body["query"]["bool"]["must"]
    assert [next(iter(clause)) for clause in must] == ["match", "match"]
    assert [next(iter(clause["match"])) for clause in must] == ["title.words", "title.ac"]
