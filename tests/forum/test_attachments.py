"""Attachments: type checked by content, a size limit, served as a safe download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import post_reply
from .factories import TopicFactory

Attachment = get_model("forum_attachments", "Attachment")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _attach(client, name, content):
    files = {
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile(name, content),
        "attachment-0-comment": "",
    }
    return post_reply(client, TopicFactory(), "In allegato.", **files)


def test_a_real_pdf_is_attached_and_served_as_a_download(login, member, client):
    assert _attach(login(member), "listino.pdf", PDF).status_code == 302
    attachment = Attachment.objects.get()
    client.logout()
    response = client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response) == PDF


@pytest.mark.parametrize(
    "name, content",
    [
        ("pagina.pdf", b"<html><script>alert(1)</script></html>"),  # HTML disguised as PDF
        ("foto.png", PDF),  # a PDF with an image's name
        ("pagina.html", b"<html></html>"),
        ("script.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("programma.exe", b"MZ\x90\x00"),
    ],
)
def test_files_whose_content_is_not_an_allowed_type_are_refused_clearly(
    login, member, name, content
):
    response = _attach(login(member), name, content)
    assert response.status_code == 200
    assert (
        "not accepted" in response.content.decode()
        or "non è accettato" in response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_files_over_the_size_limit_are_refused(login, member, settings):
    settings.FORUM_ATTACHMENT_MAX_SIZE = 1024
    response = _attach(login(member), "grande.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert not Attachment.objects.exists()
