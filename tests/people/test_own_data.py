"""Download my data, delete my account: what the export holds, what erasure leaves behind."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Revision

from community.models import VisitRequest
from people import erasure
from search import services as search
from search.models import IndexUpdate
from tests.forum.conftest import forum_url, topic_url
from tests.forum.factories import PASSWORD

from .rich_person import ERASED, KEPT, make_rich_person


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def rich(space):
    return make_rich_person(space)


def _download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.post(reverse("account_data"))
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _delete(client, user, password=PASSWORD):
    client.force_login(user)
    return client.post(reverse("account_delete"), {"password": password, "confirm": "on"})


def _surfaces(client, rich, space) -> str:
    """Every page a token could show on, as one text: to a signed-in staff member."""
    staff = get_user_model().objects.create_superuser("zzstaff", "s@example.org", "pw")
    client.force_login(staff)
    topic = rich.topic
    urls = [
        reverse("people"),
        reverse("person", args=[rich.pk]),
        space.url,
        topic_url(topic),
        forum_url(topic.forum),
        reverse("forum_feeds:latest_topics"),
        "/admin/users/?q=zqx",
        "/admin/snippets/community/visitrequest/",
        "/admin/snippets/people/skill/",
    ]
    pages = [client.get(url).content.decode() for url in urls]
    search.drain()  # the outbox applied, as the worker would after the commit
    for token in [*ERASED.values(), KEPT["post"]]:
        for api in ("/api/search", "/api/autocomplete", "/api/suggest"):
            answer = client.get(api, {"q": token if api != "/api/autocomplete" else token[:6]})
            pages.append(json.dumps({k: v for k, v in answer.json().items() if k != "query"}))
    return "\n".join(pages)


def test_the_export_holds_every_token_the_person_wrote_and_their_files(client, rich):
    archive = _download(client, rich.user)
    text = archive.read("data.json").decode()
    for token in [*ERASED.values(), *KEPT.values()]:
        assert token.lower() in text.lower(), token
    names = archive.namelist()
    assert any(n.startswith("files/photo/") for n in names)
    attachment = next(n for n in names if n.startswith("files/attachments/"))
    assert archive.read(attachment) == b"zqxfile"


def test_the_export_is_a_post_only_for_the_signed_in_person(client, rich):
    assert client.get(reverse("account_data")).status_code in (302, 405)
    client.force_login(rich.user)
    assert client.get(reverse("account_data")).status_code == 405


def test_a_wrong_password_deletes_nothing(client, rich):
    response = _delete(client, rich.user, password="not-it")
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=rich.user.pk).exists()


def test_after_deleting_the_account_no_erased_token_is_on_any_surface(client, rich, space):
    search.drain()
    assert _delete(client, rich.user).status_code == 302
    text = _surfaces(client, rich, space).lower()
    for name, token in ERASED.items():
        assert token.lower() not in text, name
    assert erasure.PSEUDONYM in text and KEPT["post"] in text


def test_erasure_keeps_published_posts_and_revisions_without_the_person(client, rich, space):
    user_id = rich.user.pk
    _delete(client, rich.user)
    revision = Revision.objects.filter(content__tagline=KEPT["revision"]).get()
    assert revision.user_id is None
    assert not VisitRequest.objects.exists()
    assert IndexUpdate.objects.filter(kind="thread", object_id=rich.topic.pk).exists()
    assert not get_user_model().objects.filter(pk=user_id).exists()


def test_deleting_the_account_signs_the_person_out_everywhere(client, rich):
    other = client.__class__()
    other.force_login(rich.user)
    _delete(client, rich.user)
    assert other.get(reverse("account")).status_code == 302


def test_a_failure_midway_leaves_everything_as_it_was(rich, monkeypatch):
    def fail(*args):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(erasure, "record", fail)
    user_id = rich.user.pk
    with pytest.raises(RuntimeError):
        erasure.erase(user=rich.user)
    assert get_user_model().objects.filter(pk=user_id).exists()
    assert VisitRequest.objects.count() == 1
    assert (
        json.dumps(list(rich.topic.posts.values_list("username", flat=True))).count("rimosso") == 0
    )
