"""The tantivy engine's index folder: missing, of another layout or another site's is an error
until the documented rebuild; a rebuild goes live at once, whole; a reader sees the worker's
commits on its next search; `search_index status` compares content."""

from __future__ import annotations

import io
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from machina.core.db.models import get_model

from search import services, sources
from search.engines.base import Rebuild
from search.engines.tantivy import TantivyEngine
from search.models import IndexUpdate
from search.params import SearchParams
from tests.search import helpers
from tests.search.test_outbox import found

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["tantivy"], indirect=True)]
Topic = get_model("forum_conversation", "Topic")


def rebuild() -> None:
    call_command("search_index", "rebuild", stdout=io.StringIO())


def test_a_missing_index_answers_503_and_keeps_the_outbox_until_the_rebuild(
    client, network, settings
):
    shutil.rmtree(settings.SEARCH_TANTIVY_PATH)
    helpers.topic("Stampante nuova", "La stampante del piano terra")
    with pytest.raises(CommandError, match="missing"):
        call_command("search_index", "drain", stdout=io.StringIO())
    assert not Path(settings.SEARCH_TANTIVY_PATH).exists()  # never silently recreated empty
    assert IndexUpdate.objects.filter(kind="thread").exists()
    assert client.get("/cerca/", {"q": "stampante"}).status_code == 503
    rebuild()
    assert found(client, "stampante") == ["Stampante nuova"]


def test_another_sites_index_is_refused_until_the_rebuild(client, network, settings, tmp_path):
    staging = tmp_path / "staging"
    TantivyEngine(str(staging)).rebuild(Rebuild([], 0, build_id="0123456789abcdef"))
    shutil.rmtree(settings.SEARCH_TANTIVY_PATH)
    shutil.move(staging, settings.SEARCH_TANTIVY_PATH)
    services._engines.clear()  # a process started now
    assert client.get("/api/search", {"q": "lambrate"}).status_code == 503
    rebuild()
    assert found(client, "lambrate") == ["Officina Lambrate"]


def test_an_index_of_another_layout_answers_503_until_the_rebuild(client, network, settings):
    facts = Path(settings.SEARCH_TANTIVY_PATH, "current", "tavolone.json")
    facts.write_text(json.dumps({**json.loads(facts.read_text()), "layout": 0}))
    services._engines.clear()  # a process started now
    assert client.get("/api/search", {"q": "lambrate"}).status_code == 503
    assert "another version of Tavolone" in services.status()["error"]
    rebuild()
    assert found(client, "lambrate") == ["Officina Lambrate"]


def test_searches_during_a_rebuild_read_the_old_index_until_it_switches(
    client, network, monkeypatch
):
    thread = network["thread"]
    Topic.objects.filter(pk=thread.pk).update(subject="Fatturazione rivista")  # no outbox
    all_docs, seen = sources.all_docs, []

    def read_then_search():
        yield from all_docs()
        seen.append(found(client, "rivista"))  # the new index is written, not yet live

    monkeypatch.setattr(sources, "all_docs", read_then_search)
    rebuild()
    assert seen == [[]]
    assert found(client, "rivista") == ["Fatturazione rivista"]


def test_a_reader_finds_what_the_worker_committed_on_its_next_search(
    client, network, monkeypatch, worker
):
    assert found(client, "caldaia") == []  # this process has the index open
    readers = dict(services._engines)
    monkeypatch.setattr(services, "_engines", {})  # the worker: another process, its own writer
    helpers.topic("Caldaia rotta", "Chiamato il tecnico della caldaia")
    worker()
    monkeypatch.setattr(services, "_engines", readers)
    assert found(client, "caldaia") == ["Caldaia rotta"]


def test_status_names_a_document_whose_indexed_content_differs(network):
    assert services.status()["differing"] == []
    thread = network["thread"]
    Topic.objects.filter(pk=thread.pk).update(subject="Cambiato senza outbox")  # no signal
    assert services.status()["differing"] == [f"thread:{thread.pk}"]


def test_a_page_by_relevance_is_the_full_ranking_cut_even_when_boosts_aged(engine, monkeypatch):
    now = datetime.now()
    docs = [
        {"key": f"thread:{i}", "kind": "thread", "title": f"Tema {i}", "url": f"/t/{i}/",
         "body": "parola " * (1 + i % 7) + "altro " * (i % 13), "is_public": True,
         "date": now - timedelta(days=37 * i)}
        for i in range(300)
    ]  # fmt: skip
    with monkeypatch.context() as year_ago:  # boosts stored a year ago: all too high now
        year_ago.setattr("time.time", lambda: now.timestamp() - 365 * 86_400)
        engine.rebuild(Rebuild(docs, 0))
    page = engine.search(SearchParams(q="parola", per_page=10, page=3), [])
    everything = engine.search(SearchParams(q="parola", per_page=300), [])
    assert [h.url for h in page.hits] == [h.url for h in everything.hits][20:30]


def test_documents_scored_alike_keep_the_order_they_were_written_in_whatever_the_clock(
    engine, monkeypatch
):
    def doc(i: int) -> dict:
        return {"key": f"thread:{i}", "kind": "thread", "title": "Stampante", "url": f"/t/{i}/",
                "body": "inceppata", "is_public": True}  # fmt: skip

    engine.index([doc(1)])
    monkeypatch.setattr("time.time_ns", lambda: 0)  # the clock stepped back
    engine.index([doc(2)])
    engine.index([doc(3)])
    hits = engine.search(SearchParams(q="stampante"), []).hits
    assert [h.url for h in hits] == ["/t/1/", "/t/2/", "/t/3/"]
