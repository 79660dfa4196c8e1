"""Django's and Wagtail's Site records follow SITE_URL (they were example.com and localhost:80)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from tavolone.home.services import sync_sites

    sync_sites(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_featured_spaces"),
        ("sites", "0002_alter_domain_unique"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
