"""Ranking quality on the judged set (tests/search/judged.json, bench/judged.py): paraphrased
questions over the Stack Exchange dump, run through the public search on the embedded and the
tantivy engines (one field-wise ranking). The floors sit just below what was measured
(docs/search.md): a ranking change that loses a query on any kind fails."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from bench import judged
from search import services, text

# kind: (R@1, R@10, MRR), the measured values rounded down to two decimals.
FLOORS = {
    "inflection": (1.00, 1.00, 1.00),
    "accents": (0.96, 1.00, 0.97),
    "elision": (0.93, 1.00, 0.96),
    "english": (0.93, 1.00, 0.95),
    "typo": (1.00, 1.00, 1.00),
    "paraphrase": (0.62, 0.75, 0.66),
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
    if engine == "tantivy":  # the same threads, in the test's own tantivy folder
        settings.SEARCH_ENGINE = "search.engines.tantivy.TantivyEngine"
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
