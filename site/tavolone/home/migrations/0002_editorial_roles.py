"""The site-wide editorial roles: Editors, Moderators, Space managers and their workflow.

Runs after Wagtail's own initial data (which creates Editors and Moderators with permissions on
the whole tree) and narrows them; index pages created later get theirs from
`community.roles.ensure_page_permissions` (admin hook and `load_demo`).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from community.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("community", "0002_space_hosts_freshness"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
