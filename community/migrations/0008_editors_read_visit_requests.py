"""Editors and moderators read every visit request in the admin: requests to a space without a
host are emailed to the editors, who got "no permission" when they followed them there."""

from django.db import migrations


def forwards(apps, schema_editor):
    from community.roles import ensure_visit_request_access

    ensure_visit_request_access(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0007_outdated_report"),
        ("home", "0002_editorial_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
