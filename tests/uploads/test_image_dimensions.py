"""Every image upload is refused by its dimensions, read from the header, before decoding."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.core.db.models import get_model
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.forum.factories import UserFactory
from tests.uploads.images import huge_png, png

ForumProfile = get_model("forum_member", "ForumProfile")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def coworker_client(client, db):
    client.force_login(UserFactory(username="giulia"))
    return client


def _decodes(monkeypatch):
    """Record every full decode Pillow does."""
    loads = []
    original = PILImage.Image.load

    def load(self):
        loads.append(self.size)
        return original(self)

    monkeypatch.setattr(PILImage.Image, "load", load)
    return loads


def test_a_huge_avatar_is_refused_without_being_decoded(coworker_client, monkeypatch):
    avatar, decoded = huge_png(), _decodes(monkeypatch)
    url = reverse("forum_member:profile_update")
    response = coworker_client.post(url, {"avatar": avatar, "signature": ""})
    assert response.status_code == 200
    assert "25 megapixel" in response.content.decode()
    assert (12000, 12000) not in decoded
    assert not ForumProfile.objects.filter(avatar__gt="").exists()


def test_an_ordinary_avatar_is_accepted_and_resized(coworker_client):
    url = reverse("forum_member:profile_update")
    response = coworker_client.post(url, {"avatar": png(), "signature": ""})
    assert response.status_code == 302
    assert ForumProfile.objects.get().avatar.name.endswith(".png")


def test_a_huge_wagtail_image_is_refused(admin_client, monkeypatch):
    image, decoded = huge_png(), _decodes(monkeypatch)
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Enorme", "file": image})
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert (12000, 12000) not in decoded


def test_pillow_refuses_to_decode_far_more_pixels_than_the_limit(settings):
    assert PILImage.MAX_IMAGE_PIXELS == settings.IMAGE_MAX_PIXELS


@pytest.mark.parametrize("damage", ["truncated", "polyglot"])
def test_an_image_pillow_cannot_decode_is_a_form_error(admin_client, damage):
    whole = png(width=640, height=480).read()
    data = whole[: len(whole) // 2] if damage == "truncated" else b"GIF89a" + b"<script>x</script>"
    upload = SimpleUploadedFile(f"rotta.{'png' if damage == 'truncated' else 'gif'}", data)
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Rotta", "file": upload})
    assert response.status_code == 200
    assert "damaged" in response.content.decode() or "danneggiat" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.urls("tests.uploads.urls_debug_media")
def test_a_media_name_the_file_system_refuses_is_a_404_in_development(client, db):
    assert client.get("/media/" + "x" * 3000).status_code == 404
