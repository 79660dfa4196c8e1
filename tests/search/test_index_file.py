"""The embedded index file: missing or replaced is an error until the documented rebuild, never
an empty new file; `search_index status` compares content, not only counts."""

from __future__ import annotations

import io
import os

import apsw
import pytest
from django.core.management import CommandError, call_command
from machina.core.db.models import get_model

from search import services
from search.engines.base import Rebuild
from search.engines.embedded import EmbeddedEngine
from search.models import IndexUpdate
from search.services import EngineUnavailable
from tests.conftest import empty_search_index
from tests.search import helpers
from tests.search.test_outbox import found

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("engine", ["embedded"], indirect=True)]
Topic = get_model("forum_conversation", "Topic")


def remove_index(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def move_index(source: str, target: str) -> None:
    remove_index(target)  # (a WAL left beside another file would be read as its own)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(source + suffix):
            os.replace(source + suffix, target + suffix)


def copy_index(path: str, target) -> str:
    """A consistent copy of the index, as a backup tool makes one."""
    source = apsw.Connection(path)
    source.execute("VACUUM INTO ?", (str(target),))
    source.close()
    return str(target)


def built_by_another_site(path: str) -> None:
    """What another site's `search_index rebuild` leaves at `path`."""
    EmbeddedEngine(path).rebuild(Rebuild([], services.clock(), build_id="0123456789abcdef"))


def status() -> str:
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    return out.getvalue()


def test_a_missing_index_answers_503_and_keeps_the_outbox_until_the_rebuild(
    client, network, search_index
):
    remove_index(search_index)
    helpers.topic("Stampante nuova", "La stampante del piano terra")
    with pytest.raises(CommandError, match="missing"):
        call_command("search_index", "drain", stdout=io.StringIO())
    assert not os.path.exists(search_index)  # never silently recreated empty
    assert IndexUpdate.objects.filter(kind="thread").exists()
    assert client.get("/cerca/", {"q": "stampante"}).status_code == 503
    assert client.get("/healthz").json()["checks"]["search"]["status"] == "fail"
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert found(client, "stampante") == ["Stampante nuova"]


def test_an_index_moved_away_and_back_gets_the_updates_made_meanwhile(
    client, network, search_index, tmp_path
):
    assert found(client, "lambrate")  # this process has the file open
    move_index(search_index, str(tmp_path / "away.sqlite3"))
    helpers.topic("Caldaia rotta", "Chiamato il tecnico della caldaia")
    with pytest.raises(EngineUnavailable):
        call_command("worker", "--once")  # nothing written to the moved file or a new one
    assert client.get("/api/search", {"q": "caldaia"}).status_code == 503
    move_index(str(tmp_path / "away.sqlite3"), search_index)
    call_command("worker", "--once")
    assert found(client, "caldaia") == ["Caldaia rotta"]
    assert "missing, extra or different in the index: 0" in status()


def test_open_connections_notice_a_replaced_file_and_refuse_it_until_the_rebuild(
    client, network, search_index, tmp_path
):
    assert found(client, "lambrate")
    move_index(search_index, str(tmp_path / "old.sqlite3"))
    empty_search_index(search_index)  # another file at the same path, not built by this site
    assert client.get("/api/search", {"q": "lambrate"}).status_code == 503
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert found(client, "lambrate")


def test_an_old_copy_put_back_in_place_answers_503_and_keeps_the_outbox_until_the_rebuild(
    client, network, search_index, tmp_path
):
    backup = copy_index(search_index, tmp_path / "backup.sqlite3")
    call_command("search_index", "rebuild", stdout=io.StringIO())  # the site moves on
    helpers.topic("Stampante nuova", "La stampante del piano terra")
    move_index(backup, search_index)  # yesterday's backup restored over the live index
    assert client.get("/cerca/", {"q": "lambrate"}).status_code == 503  # not stale results
    with pytest.raises(CommandError, match="not the index this site built"):
        call_command("search_index", "drain", stdout=io.StringIO())
    assert IndexUpdate.objects.filter(kind="thread").exists()  # nothing applied to the copy
    assert "run `python manage.py search_index rebuild`" in status()
    assert client.get("/healthz").json()["checks"]["search"]["status"] == "fail"
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert found(client, "stampante") == ["Stampante nuova"]


def test_another_sites_index_is_refused_even_by_a_site_that_never_rebuilt(
    client, db, engine, search_index, tmp_path
):
    staging = str(tmp_path / "staging.sqlite3")
    built_by_another_site(staging)
    move_index(staging, search_index)
    response = client.get("/api/search", {"q": "lambrate"})
    assert response.status_code == 503
    assert "carries build" in status()
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert client.get("/api/search", {"q": "lambrate"}).status_code == 200


def test_a_rebuild_in_another_process_is_accepted_before_during_and_after_its_switch(
    client, network, monkeypatch
):
    assert found(client, "lambrate")  # this process opened and checked the index
    this_process = dict(services._engines)
    monkeypatch.setattr(services, "_engines", {})  # another process: its own connections
    engine = services.get_engine()
    real_rebuild, seen = engine.rebuild, []

    def rebuild(*args, **kwargs):
        count = real_rebuild(*args, **kwargs)  # switched; the database records it next
        monkeypatch.setattr(services, "_engines", {})  # a third process opens it right now
        seen.append(found(client, "lambrate"))
        return count

    monkeypatch.setattr(engine, "rebuild", rebuild)
    call_command("search_index", "rebuild", stdout=io.StringIO())
    monkeypatch.setattr(services, "_engines", this_process)  # the first process, file open
    assert seen == [found(client, "lambrate")] and seen[0]
    monkeypatch.setattr(services, "_engines", {})  # and a process started afterwards
    assert found(client, "lambrate") == seen[0]


def test_status_reports_a_document_whose_indexed_content_differs(network):
    assert "missing, extra or different in the index: 0" in status()
    thread = network["thread"]
    Topic.objects.filter(pk=thread.pk).update(subject="Cambiato senza outbox")  # no signal
    report = status()
    assert "missing, extra or different in the index: 1" in report
    assert f"thread:{thread.pk}" in report
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert "missing, extra or different in the index: 0" in status()


def test_status_reports_a_document_whose_indexed_facet_values_differ(network):
    assert "missing, extra or different in the index: 0" in status()
    conn = apsw.Connection(services.get_engine().path)
    doc, key = conn.execute("SELECT id, key FROM docs WHERE kind = 'space' LIMIT 1").fetchone()
    conn.execute(  # an amenity the space no longer has: its text and columns are unchanged
        "INSERT INTO facet_values (doc, facet, value) VALUES (?, 'amenity', 'sauna')", (doc,)
    )
    conn.close()
    report = status()
    assert "missing, extra or different in the index: 1" in report and key in report


def test_a_places_only_search_first_in_a_new_process_is_checked_by_its_own_request(
    client, network, monkeypatch
):
    # Its facets are counted on a helper thread before the request's thread reads: only the
    # request's thread asks the database (in its transaction) whether the index is the site's.
    monkeypatch.setattr(services, "_engines", {})  # a new process
    response = client.get("/api/search", {"near": "45.48,9.23"})
    assert response.status_code == 200
    assert response.json()["hits"]
