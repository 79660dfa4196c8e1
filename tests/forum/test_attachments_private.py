"""Attachments live outside the public media folder under random names and leave only through
the permission-checked view (streamed by Django, or by nginx/Apache after the check)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from machina.core.db.models import get_model

from tests.uploads.images import huge_png

from .conftest import post_reply
from .factories import TopicFactory

Attachment = get_model("forum_attachments", "Attachment")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def host_forum_attachment(board, host, publish_space):
    """An attachment of the private forum of space hosts; `host` hosts a space."""
    publish_space(hosts=[host])
    topic = TopicFactory(forum=board("host"), poster=host, subject="Verbale")
    upload = SimpleUploadedFile("verbale riunione.pdf", PDF)
    return Attachment.objects.create(post=topic.first_post, file=upload)


def download(client, attachment):
    return client.get(reverse("forum_conversation:attachment", args=[attachment.pk]))


def files_under(path):
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


def test_an_upload_is_stored_outside_media_under_a_random_name(login, member, settings):
    files = {
        "attachment-TOTAL_FORMS": "1",
        "attachment-0-file": SimpleUploadedFile("listino.pdf", PDF),
    }
    assert post_reply(login(member), TopicFactory(), "Allegato.", **files).status_code == 302
    assert files_under(settings.MEDIA_ROOT) == []
    (stored,) = files_under(settings.PRIVATE_MEDIA_ROOT)
    assert "listino" not in stored.name and len(stored.stem) >= 32
    response = download(login(member), Attachment.objects.get())
    assert response["Content-Disposition"] == 'attachment; filename="listino.pdf"'


def test_only_readers_of_the_private_forum_download_its_attachments(
    client, login, member, host, host_forum_attachment
):
    assert download(client, host_forum_attachment).status_code in (302, 403)
    assert download(login(member), host_forum_attachment).status_code == 403
    response = download(login(host), host_forum_attachment)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="verbale riunione.pdf"'


def test_behind_nginx_the_checked_view_hands_over_to_an_internal_location(
    settings, login, member, host, host_forum_attachment
):
    settings.SENDFILE_MODE = "nginx"
    assert "X-Accel-Redirect" not in download(login(member), host_forum_attachment)
    response = download(login(host), host_forum_attachment)
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/" + host_forum_attachment.file.name
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verbale riunione.pdf"'


def test_behind_apache_the_checked_view_names_the_file_with_x_sendfile(
    settings, login, host, host_forum_attachment
):
    settings.SENDFILE_MODE = "apache"
    response = download(login(host), host_forum_attachment)
    assert response.content == b""
    assert response["X-Sendfile"] == str(
        settings.PRIVATE_MEDIA_ROOT / host_forum_attachment.file.name
    )


@pytest.mark.parametrize(
    "name, header",
    [
        ('preventivo "finale"; v2.pdf', 'attachment; filename="preventivo \\"finale\\"; v2.pdf"'),
        ("città.pdf", "attachment; filename*=utf-8''citt%C3%A0.pdf"),
        ("../../etc/passwd.pdf", 'attachment; filename="passwd.pdf"'),
    ],
)
def test_odd_file_names_are_kept_and_quoted_safely(client, db, name, header):
    topic = TopicFactory()
    attachment = Attachment.objects.create(
        post=topic.first_post, file=SimpleUploadedFile(name, PDF)
    )
    assert download(client, attachment)["Content-Disposition"] == header


def test_attachments_left_in_the_public_media_folder_are_moved_to_private_storage(
    client, db, settings
):
    old = settings.MEDIA_ROOT / "machina" / "attachments" / "vecchio.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(PDF)
    attachment = Attachment.objects.create(
        post=TopicFactory().first_post, file=SimpleUploadedFile("x.pdf", PDF)
    )
    Attachment.objects.filter(pk=attachment.pk).update(
        file="machina/attachments/vecchio.pdf", original_name=""
    )
    call_command("move_attachments_private", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not old.exists()
    response = download(client, attachment)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="vecchio.pdf"'


def test_an_image_attachment_with_too_many_pixels_is_refused(login, member):
    files = {"attachment-TOTAL_FORMS": "1", "attachment-0-file": huge_png()}
    response = post_reply(login(member), TopicFactory(), "Foto.", **files)
    assert response.status_code == 200 and not Attachment.objects.exists()


def test_a_waiting_posts_attachment_is_its_authors_and_moderators_only(client, login, board):
    from .factories import UserFactory

    newcomer = UserFactory(username="nuovo")
    topic = TopicFactory(forum=board())
    post = topic.posts.create(poster=newcomer, subject="Re", content="Listino", approved=False)
    attachment = Attachment.objects.create(post=post, file=SimpleUploadedFile("l.pdf", PDF))
    assert download(client, attachment).status_code in (302, 403)  # visitors: sign in first
    assert download(login(UserFactory(username="altro")), attachment).status_code == 403
    assert download(login(newcomer), attachment).status_code == 200
    moderator = UserFactory(username="moderatrice", groups=["Moderators"])
    assert download(login(moderator), attachment).status_code == 200


def test_a_hidden_articles_discussion_keeps_its_attachments_hidden(login, member, publish_news):
    from machina.core.db.models import get_model

    page = publish_news()
    topic = get_model("forum", "NewsTopic").objects.get(page=page).topic
    attachment = Attachment.objects.create(
        post=topic.first_post, file=SimpleUploadedFile("programma.pdf", PDF)
    )
    assert download(login(member), attachment).status_code == 200
    page.unpublish()
    assert download(login(member), attachment).status_code == 403
