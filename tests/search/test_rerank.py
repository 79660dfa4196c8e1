"""The field-wise BM25 that re-ranks the embedded and tantivy engines' best matches
(fieldwise.py): its formula, the numbers FTS5 hands it (checked against the SQLite we run on),
and the same scores from tantivy's numbers."""

from __future__ import annotations

import json

import apsw
import pytest
import tantivy

from search import ranking
from search.engines import fieldwise
from search.engines.base import Rebuild
from search.engines.embedded import EmbeddedEngine, rerank
from search.engines.embedded.maxscore import any_of
from search.engines.tantivy import TantivyEngine
from search.engines.tantivy.rerank import field_norm
from search.params import SearchParams

WORD = [["verb"]]  # one query word with one stem


def stats(title: int, body: int, title_len=4.0, body_len=100.0) -> fieldwise.Stats:
    """A row holding WORD `title` times in its title and `body` times in its body."""
    return fieldwise.Stats((title_len, title_len, body_len), (4.0, 4.0, 100.0), ((title, body),))


def test_a_word_in_the_title_and_in_the_body_counts_in_both_fields():
    both = fieldwise.score(stats(1, 5), WORD, [2.0])
    assert both > fieldwise.score(stats(1, 0), WORD, [2.0])
    assert both > fieldwise.score(stats(0, 5), WORD, [2.0])


def test_a_cognate_weighs_less_than_the_word_it_was_spelled_from():
    groups, docs = [["nazion"], ["nation"]], {"nazion": 7, "nation": 7}
    word, cognate = fieldwise.word_idfs(groups, 1000, docs, cognates=1)
    assert cognate == pytest.approx(word * ranking.COGNATE_WEIGHT) and cognate < word
    assert fieldwise.word_idfs(groups, 1000, docs) == [word, word]


def test_each_field_saturates_below_idf_times_k1_plus_one():
    many = fieldwise.score(stats(50, 5000, body_len=5000), WORD, [2.0])
    assert many < 2 * 2.0 * (fieldwise.K1 + 1)


def test_a_long_body_weighs_its_words_less_and_never_the_titles():
    assert fieldwise.score(stats(0, 2, body_len=50), WORD, [2.0]) > fieldwise.score(
        stats(0, 2, body_len=5000), WORD, [2.0]
    )
    title_only = [fieldwise.score(stats(1, 0, body_len=n), WORD, [2.0]) for n in (10, 10_000)]
    assert title_only[0] == title_only[1]


def test_a_words_stems_are_one_term_counted_once_at_its_rarer_stems_idf():
    groups = [["verb", "verbo"]]
    both = fieldwise.Stats((4, 4, 100), (4, 4, 100), ((1, 0), (1, 0)))
    one = fieldwise.Stats((4, 4, 100), (4, 4, 100), ((2, 0), (0, 0)))
    assert fieldwise.score(both, groups, [2.0]) == fieldwise.score(one, groups, [2.0])
    assert fieldwise.word_idfs(groups, 100, {"verb": 30, "verbo": 10}) == [fieldwise.idf(100, 30)]


def test_idf_stays_positive_for_a_word_in_every_document():
    assert 0 < fieldwise.idf(100, 100) < fieldwise.idf(100, 50) < fieldwise.idf(100, 1)


def test_a_typed_word_in_the_typed_title_adds_its_own_field():
    assert fieldwise.score(stats(0, 1), WORD, [2.0], [(1, 1.5)]) > fieldwise.score(
        stats(0, 1), WORD, [2.0], [(0, 1.5)]
    )


@pytest.fixture
def fts():
    """The index's fts layout with the auxiliary function registered, as the engine opens it."""
    conn = apsw.Connection(":memory:")
    conn.register_fts5_function(rerank.NAME, rerank.field_stats)
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body UNINDEXED, title_s, body_s)")
    rows = [("Il verbo", "", "verb verbo", "verb uso verb"), ("Uso", "", "uso", "verb a b c")]
    conn.executemany("INSERT INTO fts VALUES (?, ?, ?, ?)", rows)
    return conn


def test_fts5_hands_over_each_fields_length_average_and_frequencies(fts):
    match = "{title_s body_s} : " + any_of([["verb", "verbo"]])
    found = dict(fts.execute("SELECT rowid, tv_fields(fts) FROM fts WHERE fts MATCH ?", (match,)))
    first, second = rerank.parse(found[1]), rerank.parse(found[2])
    assert first.lengths == (2, 2, 3) and first.averages == (1.5, 1.5, 3.5)
    assert first.tf == ((1, 2), (1, 0))  # verb, verbo: (title, body)
    assert second.lengths == (1, 1, 4) and second.tf == ((0, 1), (0, 0))


def test_tantivy_scores_its_best_matches_as_the_embedded_engine_does(settings, tmp_path):
    words = ["verbo", "passato", "remoto", "prossimo", "uso", "tempo", "lingua", "parola"]
    docs = [
        {"key": f"thread:{i}", "kind": "thread", "title": f"Il {words[i % 8]} e {words[i % 5]}",
         "url": f"/t/{i}/", "body": " ".join(words[(i * j) % 8] for j in range(3 + i % 20)),
         "is_public": True}
        for i in range(30)
    ]  # fmt: skip
    scores = []
    for engine in (EmbeddedEngine(settings.SEARCH_EMBEDDED_PATH), TantivyEngine(str(tmp_path))):
        engine.rebuild(Rebuild(docs, 0))
        hits = engine.search(SearchParams(q="il verbo al passato remoto"), []).hits
        scores.append({hit.url: hit.score for hit in hits})
    assert len(scores[0]) == 10 and scores[1] == pytest.approx(scores[0], rel=1e-4)


def test_tantivy_field_lengths_are_read_as_tantivy_rounds_them(tmp_path):
    """The re-ranking reads stored word counts (not explanations): rounded as tantivy's norms."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    index = tantivy.Index(builder.build(), path=str(tmp_path))
    lengths = [1, 39, 40, 41, 43, 57, 100, 999, 5_000, 70_000]
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    for n in lengths:
        writer.add_document(tantivy.Document(body=" ".join(["verb"] + ["x"] * (n - 1))))
    writer.commit()
    index.reload()
    searcher, query = index.searcher(), tantivy.Query.term_query(index.schema, "body", "verb")
    for _, address in searcher.search(query, limit=len(lengths)).hits:
        explained = json.loads(query.explain(searcher, address).to_json())["details"][2]["details"]
        n = lengths[address.doc]
        assert field_norm(n) == next(d["value"] for d in explained if d["description"][:3] == "dl,")
