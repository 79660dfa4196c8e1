"""The embedded index file: missing or replaced is an error until the documented rebuild, never
an empty new file; `search_index status` compares content, not only counts."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command
from machina.core.db.models import get_model

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
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(source + suffix):
            os.replace(source + suffix, target + suffix)


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


def test_open_connections_notice_a_replaced_file(client, network, search_index, tmp_path):
    assert found(client, "lambrate")
    move_index(search_index, str(tmp_path / "old.sqlite3"))
    empty_search_index(search_index)  # another file at the same path
    assert found(client, "lambrate") == []  # read from the file now there, not the old one


def test_status_reports_a_document_whose_indexed_content_differs(network):
    assert "missing, extra or different in the index: 0" in status()
    thread = network["thread"]
    Topic.objects.filter(pk=thread.pk).update(subject="Cambiato senza outbox")  # no signal
    report = status()
    assert "missing, extra or different in the index: 1" in report
    assert f"thread:{thread.pk}" in report
    call_command("search_index", "rebuild", stdout=io.StringIO())
    assert "missing, extra or different in the index: 0" in status()
