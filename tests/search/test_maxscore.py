"""MaxScore's promises about SQLite FTS5's bm25, checked against the SQLite we run on (an
upgrade that changed bm25 would fail here, not silently change search results)."""

from __future__ import annotations

import random

import apsw
import pytest

from search.engines.embedded import maxscore

WORDS = ["tavolo", "sedia", "caffe", "rete", "stampa", "ufficio", "orto", "bici"]


@pytest.fixture
def fts():
    """An in-memory FTS5 table of 300 random texts of 1–60 words, weighted like the index."""
    rng = random.Random(7)
    conn = apsw.Connection(":memory:")  # the engine's SQLite (apsw's), not the standard module's
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    weights = [60, 30, 10, 4, 2, 1, 0.3, 0.1]  # from everywhere to rare
    for _ in range(300):
        title = " ".join(rng.choices(WORDS, weights, k=rng.randint(0, 4)))
        body = " ".join(rng.choices(WORDS, weights, k=rng.randint(1, 60)))
        conn.execute("INSERT INTO t (title, body) VALUES (?, ?)", (title, body))
    return conn


def scores(conn, expression: str) -> dict[int, float]:
    sql = "SELECT rowid, -bm25(t, 10.0, 1.0) FROM t WHERE t MATCH ?"
    return dict(conn.execute(sql, (expression,)))


def test_fts5_scores_a_phrase_with_the_formula_the_bound_comes_from(fts):
    texts = {i: (t.split(), b.split()) for i, t, b in fts.execute("SELECT rowid, * FROM t")}
    avgdl = sum(len(t) + len(b) for t, b in texts.values()) / len(texts)
    for word in WORDS:
        found = scores(fts, maxscore.quote(word))
        idf = maxscore.idf(len(texts), len(found))
        for rowid, score in found.items():
            title, body = texts[rowid]
            f, size = 10 * title.count(word) + body.count(word), len(title) + len(body)
            k1 = maxscore.K1
            assert score == pytest.approx(
                idf * f * (k1 + 1) / (f + k1 * (0.25 + 0.75 * size / avgdl))
            )  # below idf · (k1 + 1), whatever f and size
            assert score < idf * (k1 + 1)


def test_a_rows_score_is_the_sum_of_its_phrases_scores(fts):
    both = scores(fts, maxscore.any_of([["tavolo"], ["orto", "bici"]]))
    parts = [scores(fts, maxscore.quote(w)) for w in ("tavolo", "orto", "bici")]
    assert len(both) > 50
    for rowid, score in both.items():
        assert score == pytest.approx(sum(part.get(rowid, 0.0) for part in parts))


def test_it_returns_the_page_that_ranking_every_match_returns(fts, monkeypatch):
    monkeypatch.setattr(maxscore, "WORTH", 1.0)  # prune whenever the bound allows, worth it or not
    rows = fts.execute("SELECT count(*) FROM t").fetchone()[0]
    calls = []

    def ranked(expression: str, k: int) -> list[tuple]:
        calls.append(expression)
        sql = (  # times a boost from 1 to 1.6, as the engine's recency boosts
            "SELECT rowid, bm25(t, 10.0, 1.0) * (1.0 + 0.6 * ((rowid * 37) % 101) / 100.0) AS r "
            "FROM t WHERE t MATCH ? ORDER BY r, rowid LIMIT ?"
        )
        return fts.execute(sql, (expression, k)).fetchall()

    def counts(phrases: set[str]) -> tuple[int, dict[str, int]]:
        return rows, {p: len(scores(fts, maxscore.quote(p))) for p in phrases}

    paths = set()  # (answered?, ranking queries it took)
    for first in WORDS:
        for second in WORDS:
            groups = [[first], [second, "caffe"]] if first != second else [[first]]
            for k in (1, 5, 20, 100):
                calls.clear()
                best = maxscore.top(groups, k, ranked, counts, boost=1.6)
                paths.add((best is not None, len(calls)))
                every = ranked(maxscore.any_of(groups), k)
                if best is not None:
                    assert [round(r[-1], 9) for r in best] == [round(r[-1], 9) for r in every]
                    assert {r[0] for r in best if r[-1] < every[-1][-1]} <= {r[0] for r in every}
    # Not vacuous: answered at the first try, answered after a retry, and gave up after trying.
    assert {(True, 2), (True, 4), (False, 2)} <= paths
