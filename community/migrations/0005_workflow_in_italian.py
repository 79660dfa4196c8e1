"""Wagtail's default workflow and task, created by its migration as "Moderators approval", get
the site's Italian name (the admin showed "Invia a Moderators approval")."""

from django.db import migrations


def forwards(apps, schema_editor):
    from community.roles import ensure_workflow

    if apps.get_model("auth", "Group").objects.filter(name="Moderators").exists():
        ensure_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [("community", "0004_news_by_date"), ("home", "0002_editorial_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
