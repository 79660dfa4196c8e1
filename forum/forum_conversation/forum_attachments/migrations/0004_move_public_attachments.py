"""Attachments machina stored under MEDIA_ROOT (served to anyone) move to private storage."""

from django.db import migrations


def forwards(apps, schema_editor):
    from forum.forum_conversation.forum_attachments.relocate import move_public_attachments

    move_public_attachments(apps.get_model("forum_attachments", "Attachment"))


class Migration(migrations.Migration):
    dependencies = [("forum_attachments", "0003_private_random_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
