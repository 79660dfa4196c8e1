"""Uploads: every form with a file field that a role can reach (forum attachments and avatar,
Wagtail images and documents, the admin account's avatar), each hostile file class in turn. A
refused upload leaves no row and no file behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.hardening import uploads
from tests.hardening.test_forms import _base


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _upload(probe, tmp_path, cls: str, name: str, content: bytes, content_type: str) -> int:
    sent = 0
    for role, form in probe.site.forms:
        fields = [f["name"] for f in form.fields if f["type"] == "file"]
        if form.method != "post" or not fields:
            continue
        data = _base(form)
        data.update({f: SimpleUploadedFile(name, content, content_type) for f in fields})
        before = _files(tmp_path)
        response = probe.send(f"upload:{cls}", role, "POST", form.action, data, check_writes=True)
        sent += 1
        if response is not None and probe.failed(response, probe._html(response)):
            left = _files(tmp_path) - before
            if left:
                probe._fail(f"upload:{cls}", role, "POST", form.action, "half-saved", left)
    return sent


@pytest.mark.parametrize("cls", list(uploads.UPLOADS))
def test_every_upload_field_refuses_or_stores_a_hostile_file_cleanly(
    probe, settings, tmp_path, cls
):
    settings.MEDIA_ROOT = str(tmp_path)
    assert _upload(probe, tmp_path, cls, *uploads.UPLOADS[cls]) > 0  # some upload form was found
    probe.assert_clean()


def test_every_upload_field_refuses_a_file_over_the_size_limit(probe, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    assert _upload(probe, tmp_path, "oversized", *uploads.oversized()) > 0
    probe.assert_clean()
