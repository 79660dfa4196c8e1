"""Ranking quality on the judged set (tests/search/judged.json, bench/judged.py): paraphrased
questions over the Stack Exchange dump, run through the public search on the embedded and the
tantivy engines (one field-wise ranking). The floors sit just below what was measured
(docs/search.md): a ranking change that loses a query on any kind fails."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from bench import judged
from search import services, text
from tests.search.conftest import ES_URL

# kind: (R@1, R@10, MRR), the measured values rounded down to two decimals.
FLOORS = {
    "inflection": (1.00, 1.00, 1.00),
    "accents": (0.96, 1.00, 0.97),
    "elision": (0.93, 1.00, 0.96),
    "english": (0.93, 1.00, 0.95),
    "typo": (1.00, 1.00, 1.00),
    "paraphrase": (0.62, 0.81, 0.69),
}


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    posts = ET.parse(judged.DUMP / "Posts.xml").getroot()  # noqa: S314 (a local, trusted dump)
    return {r.get("Id"): r.get("Title") for r in posts if r.get("PostTypeId") == "1"}


def test_the_judged_set_has_150_queries_of_every_kind_over_threads_of_the_dump(titles):
    cases = judged.load()
    kinds = Counter(case.kind for case in cases)
    assert len(cases) >= 150 and set(kinds) == set(judged.KINDS)
    assert min(kinds.values()) >= 25, kinds
    assert len({case.query for case in cases}) == len(cases)  # no query twice
    assert all(case.relevant and case.relevant <= titles.keys() for case in cases)


def test_no_judged_query_copies_the_title_of_its_thread(titles):
    for case in judged.load():
        query = " ".join(text.words(case.query))
        for question in case.relevant:
            assert " ".join(text.words(titles[question])) not in query, case.query


@pytest.mark.parametrize("engine", ["embedded", "tantivy"])
def test_every_kind_of_query_finds_its_thread_as_often_as_measured(corpus, settings, db, engine):
    settings.SEARCH_EMBEDDED_PATH, topics = corpus
    settings.SEARCH_ENGINE = services.EMBEDDED  # the corpus's index
    if engine == "tantivy":  # the same threads, in the test's own tantivy folder
        settings.SEARCH_ENGINE = services.TANTIVY
        services.rebuild()
    search = judged.searcher(
        topics, lambda q: [hit.url for hit in services.search({"q": q}, None).hits]
    )
    scores = judged.evaluate(judged.load(), search)
    for kind, (r1, r10, mrr) in FLOORS.items():
        got = scores[kind]
        assert got.r1 >= r1 and got.r10 >= r10 and got.mrr >= mrr, (
            f"{kind} fell below its floor:\n{judged.table(scores)}"
        )


TIE = 0.01  # relative: the engines keep scores at different precisions (Lucene's are float32)


def _tied(a: float, b: float) -> bool:
    return abs(a - b) <= TIE * max(abs(a), abs(b), 1e-9)


def agree(ours: list[tuple[str, float]], theirs: list[tuple[str, float]]) -> bool:
    """Whether `theirs` lists `ours`'s top hits in the same order, up to swaps among hits
    `ours` scores alike and hits past `ours`'s last that tie with it."""
    if len(ours) != len(theirs):
        return False
    score, last = dict(ours), ours[-1][1] if ours else 0.0
    for (url, mine), (other, _) in zip(ours, theirs, strict=True):
        if url != other and not _tied(mine, score.get(other, last)):
            return False
    return True


def test_agree_allows_swaps_among_ties_and_nothing_else():
    ours = [("a", 3.0), ("b", 2.0), ("c", 2.0), ("d", 1.0)]
    assert agree(ours, [("a", 9), ("c", 7), ("b", 7), ("d", 5)])
    assert agree(ours[:3], [("a", 9), ("c", 7), ("x", 7)])  # x ties with our last, left out
    assert not agree(ours, [("b", 9), ("a", 8), ("c", 7), ("d", 5)])
    assert not agree(ours, [("a", 9), ("b", 7), ("x", 7), ("d", 5)])  # x left out c, no tie


@pytest.mark.elasticsearch
def test_elasticsearch_ranks_the_judged_queries_as_the_embedded_engine(corpus, settings, db):
    if not ES_URL:
        pytest.skip("ELASTICSEARCH_URL is not set: no cluster to compare the rankings with")
    settings.SEARCH_EMBEDDED_PATH, _ = corpus
    queries = [case.query for case in judged.load()]

    def top(q: str) -> list[tuple[str, float]]:
        return [(hit.url, hit.score) for hit in services.search({"q": q}, None).hits]

    settings.SEARCH_ENGINE = services.EMBEDDED
    embedded = {q: top(q) for q in queries}
    settings.SEARCH_ENGINE = services.ELASTICSEARCH
    settings.ELASTICSEARCH_URL = ES_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = f"tavolone-test-{uuid.uuid4().hex[:8]}"
    engine = services.get_engine()
    try:
        services.rebuild()
        engine.client.indices.refresh(index=engine.alias)
        differ = [
            q for q in queries if not (agree(embedded[q], es := top(q)) and agree(es, embedded[q]))
        ]
    finally:
        names = list(engine.client.indices.get(index=f"{engine.alias}*", expand_wildcards="all"))
        if names:
            engine.client.indices.delete(index=",".join(names), ignore_unavailable=True)
    assert not differ, (
        f"{len(differ)} of {len(queries)} judged queries rank otherwise: {differ[:10]}"
    )
