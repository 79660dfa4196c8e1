"""The embedded engine's own file: its vocabulary, its layout version, and big rebuilds (split
between this process and a writer process)."""

from __future__ import annotations

import io
import os
import signal
from collections import Counter

import apsw
import pytest
from django.core.management import call_command

from search import services, sources
from search.engines.embedded import load as embedded_load
from tests.search import helpers
from tests.search.test_index_file import remove_index
from tests.search.test_leaks import assert_hidden
from tests.search.test_outbox import found

pytestmark = pytest.mark.django_db
QUERIES = ["consulenza", "lambrate", "scrivania milano", "consulemza", "tavolo"]


def answers(client) -> list[dict]:
    return [client.get("/api/search", {"q": q}).json() for q in QUERIES]


EMBEDDED_ONLY = pytest.mark.parametrize("engine", ["embedded"], indirect=True)


@EMBEDDED_ONLY
@pytest.mark.parametrize(
    "share, step", [(0, 0), (1, 0), (1 / 3, 0.4)], ids=["analysed-here", "by-the-writer", "shared"]
)
def test_a_rebuild_split_over_a_writer_process_indexes_the_same(
    client, network, monkeypatch, share, step
):
    small_batches = answers(client)
    monkeypatch.setattr(embedded_load, "BATCH", 3)
    monkeypatch.setattr(embedded_load, "FIRST_SHARE", share)  # who analyses each batch
    monkeypatch.setattr(embedded_load, "SHARE_STEP", step)
    started = []
    start = embedded_load.Loader._start
    monkeypatch.setattr(
        embedded_load.Loader, "_start", lambda self: [start(self), started.append(1)]
    )
    count = services.rebuild()
    assert started == [1]
    assert count == sum(services.status()["database"].values())
    assert answers(client) == small_batches
    assert small_batches[3]["suggestion"] == "consulenza"  # words counted in both processes
    assert_hidden(client, helpers.SECRETS["private_forum"])


@EMBEDDED_ONLY
def test_a_word_leaves_the_suggestions_with_its_only_thread(client, network, worker):
    topic = helpers.topic("Fotocopiatrice rotta", "La fotocopiatrice inceppa la carta")
    worker()
    assert client.get("/api/suggest", {"q": "fotocopiatrics"}).json()["suggestion"] == (
        "fotocopiatrice"
    )
    topic.approved = False
    topic.save()
    worker()
    assert client.get("/api/suggest", {"q": "fotocopiatrics"}).json()["suggestion"] == ""
    assert found(client, "consulenza")  # the other threads' words stay


@EMBEDDED_ONLY
def test_an_index_from_an_older_version_asks_for_a_rebuild(client, db, engine, search_index):
    remove_index(search_index)
    old = apsw.Connection(search_index)  # layout 1: tokenised body, no vocabulary table
    old.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, title_s, body_s)")
    old.close()
    assert client.get("/cerca/", {"q": "scrivania"}).status_code == 503
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert "run `python manage.py search_index rebuild`" in out.getvalue()

    helpers.build_network()
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert client.get("/cerca/", {"q": "scrivania"}).status_code == 200
    assert found(client, "lambrate")


@EMBEDDED_ONLY
def test_a_page_stays_full_when_unreadable_threads_rank_first(client, network):
    for i in range(4):  # title matches: they would take the first places
        helpers.topic(f"Riunione host {i}", "Ordine del giorno", forum=helpers.private_forum())
    for i in range(12):
        helpers.topic(f"Pranzo {i}", "Dopo pranzo facciamo una breve riunione")
    services.rebuild()
    pages = [{"q": "riunione"}, {"q": "riunione", "page": 2}]
    found = [client.get("/api/search", page).json() for page in pages]
    assert len(found[0]["hits"]) == 10 and found[0]["total"] >= 12
    titles = [h["title"] for page in found for h in page["hits"]]
    assert not any("host" in t for t in titles) and len(titles) == found[0]["total"]


@EMBEDDED_ONLY
def test_a_reply_keeps_the_threads_words_counted_once(client, network, worker):
    topic = helpers.topic("Fotocopiatrice rotta", "La fotocopiatrice inceppa la carta")
    worker()
    helpers.Post.objects.create(
        topic=topic, poster=helpers.poster(), subject="Re", content="Chiamo il tecnico"
    )
    worker()  # the thread is written again
    assert client.get("/api/suggest", {"q": "fotocopiatrics"}).json()["suggestion"] == (
        "fotocopiatrice"
    )
    topic.delete()
    worker()
    assert client.get("/api/suggest", {"q": "fotocopiatrics"}).json()["suggestion"] == ""


def sabotage_after_the_writer_started(monkeypatch, harm) -> list:
    """Small batches (a writer process from the second one), and `harm(loader)` after the
    third."""
    monkeypatch.setattr(embedded_load, "BATCH", 2)
    flush, done = embedded_load.Loader._flush, []

    def flush_then_harm(self):
        flush(self)
        if self.flushed == 3 and not done:
            harm(self)
            done.append(self.flushed)

    monkeypatch.setattr(embedded_load.Loader, "_flush", flush_then_harm)
    return done


@EMBEDDED_ONLY
def test_a_failed_rebuild_says_why_and_leaves_the_live_index_working(
    client, network, monkeypatch, search_index, worker
):
    def drop_the_new_table(_loader) -> None:
        conn = apsw.Connection(search_index)
        conn.set_busy_timeout(10_000)
        conn.execute("DROP TABLE fts_new")
        conn.close()

    sabotaged = sabotage_after_the_writer_started(monkeypatch, drop_the_new_table)
    with pytest.raises(services.EngineUnavailable, match="fts_new"):
        services.rebuild()
    assert sabotaged and found(client, "lambrate")  # the old index still answers
    helpers.topic("Dopo il guasto", "Stampante nuova al piano terra")
    worker()  # and takes updates: no lock kept
    assert found(client, "stampante") == ["Dopo il guasto"]


@EMBEDDED_ONLY
def test_a_batch_that_cannot_reach_the_writer_fails_the_rebuild_without_hanging(
    client, network, monkeypatch
):
    monkeypatch.setattr(embedded_load, "BATCH", 2)  # a writer process from the second batch
    monkeypatch.setattr(embedded_load, "FIRST_SHARE", 1)  # the writer gets the raw documents
    monkeypatch.setattr(embedded_load, "SHARE_STEP", 0)
    all_docs = sources.all_docs

    def one_unpicklable():  # (a lambda cannot cross to another process)
        for i, doc in enumerate(all_docs()):
            yield {**doc, "extra": lambda: None} if i == 4 else doc  # (the third batch)

    monkeypatch.setattr(sources, "all_docs", one_unpicklable)
    with pytest.raises(services.EngineUnavailable, match="could not be sent"):
        services.rebuild()
    assert found(client, "lambrate")  # the old index still answers


@EMBEDDED_ONLY
def test_a_writer_that_dies_fails_the_rebuild_without_hanging(client, network, monkeypatch):
    def kill(loader) -> None:
        os.kill(loader.process.pid, signal.SIGKILL)
        loader.process.join()

    killed = sabotage_after_the_writer_started(monkeypatch, kill)
    with pytest.raises(services.EngineUnavailable, match="writer process stopped"):
        services.rebuild()
    assert killed and found(client, "lambrate")


def stored_stem_counts(path: str) -> Counter:
    """What the stems table must hold: each stem with the rows whose stems hold it."""
    conn = apsw.Connection(path)
    rows = conn.execute("SELECT title_s, body_s FROM fts").fetchall()
    conn.close()
    return Counter(s for title, body in rows for s in set(title.split()).union(body.split()))


@EMBEDDED_ONLY
def test_stem_counts_stay_exact_through_updates_and_rebuilds(network, search_index, worker):
    topic = helpers.topic("Fotocopiatrice rotta", "La fotocopiatrice inceppa")
    helpers.topic("Toner finito", "Il toner della fotocopiatrice", forum=helpers.private_forum())
    worker()
    helpers.Post.objects.create(
        topic=topic, poster=helpers.poster(), subject="Re", content="Chiamo il tecnico"
    )
    worker()
    topic.delete()
    worker()
    for step in ("updated", "rebuilt"):
        conn = apsw.Connection(search_index)
        counted = Counter(dict(conn.execute("SELECT stem, docs FROM stems")))
        fts5 = conn.execute(  # FTS5's own count, as its bm25 counts rows for the idf
            "SELECT count(*) FROM fts WHERE fts MATCH '{title_s body_s} : \"fotocopiatric\"'"
        ).fetchone()[0]
        conn.close()
        assert counted == stored_stem_counts(search_index), step
        assert counted["fotocopiatric"] == fts5 == 1 and "tecnic" not in counted, step
        services.rebuild()


@EMBEDDED_ONLY
def test_a_stale_update_leaves_the_newer_forum_name_on_the_facet(client, network):
    forum = helpers.public_forum()
    doc = {
        "key": "thread:990001", "kind": "thread", "title": "Lavagna", "body": "Lavagna nuova",
        "url": "/forum/x/", "forum_id": forum.pk, "forum": "Nome nuovo", "is_public": True,
    }  # fmt: skip
    engine = services.get_engine()
    engine.index([doc], version=5)
    engine.index([{**doc, "forum": "Nome vecchio"}], version=4)  # applied late, out of order
    data = client.get("/api/search", {"q": "lavagna"}).json()
    assert [(f["label"], f["count"]) for f in data["facets"]["forum"]] == [("Nome nuovo", 1)]
