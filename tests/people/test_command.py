"""`manage.py person export|erase`, for requests that arrive by email."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from community.models import VisitRequest

from .rich_person import ERASED, make_rich_person


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _export(identifier, tmp_path) -> dict:
    path = tmp_path / "out.zip"
    call_command("person", "export", identifier, output=str(path), stdout=io.StringIO())
    return json.loads(zipfile.ZipFile(path).read("data.json"))


def _visit(space, email="ospite@example.org", message="Vorrei passare giovedì"):
    return VisitRequest.objects.create(space=space, name="Ospite", email=email, message=message)


def test_a_visitor_without_an_account_is_exported_by_email(space, tmp_path):
    _visit(space)
    data = _export("OSPITE@example.org", tmp_path)
    assert [v["message"] for v in data["visit_requests"]] == ["Vorrei passare giovedì"]
    assert "account" not in data


def test_a_visitor_without_an_account_is_erased_by_email(space):
    _visit(space)
    _visit(space, email="altro@example.org")
    call_command("person", "erase", "ospite@example.org", yes=True, stdout=io.StringIO())
    assert list(VisitRequest.objects.values_list("email", flat=True)) == ["altro@example.org"]


def test_a_member_is_exported_and_erased_by_username(space, tmp_path):
    rich = make_rich_person(space)
    assert _export(ERASED["username"], tmp_path)["profile"]["bio"] == ERASED["bio"]
    call_command("person", "erase", ERASED["username"], yes=True, stdout=io.StringIO())
    assert not get_user_model().objects.filter(username=ERASED["username"]).exists()
    assert not VisitRequest.objects.exists()
    posts = rich.topic.posts.values_list("username", "approved")
    assert list(posts) == [("utente rimosso", True)] * 2  # the waiting one was deleted


def test_an_unknown_person_is_an_error_and_nothing_is_written(db, tmp_path):
    with pytest.raises(CommandError, match="Nobody"):
        call_command("person", "export", "nessuno@example.org", output=str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


def test_erasing_asks_for_confirmation_unless_told_yes(space, monkeypatch):
    _visit(space)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("person", "erase", "ospite@example.org", stdout=io.StringIO())
    assert VisitRequest.objects.count() == 1
