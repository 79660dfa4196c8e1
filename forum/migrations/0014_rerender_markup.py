"""Re-render anything stored by machina's default renderer (markdown2 safe_mode) before ours."""

from django.db import migrations

from forum.markup import render


def rerender(apps, schema_editor):
    for label, field in (
        ("forum_conversation.Post", "content"),
        ("forum_member.ForumProfile", "signature"),
        ("forum.Forum", "description"),
    ):
        model = apps.get_model(label)
        rendered_field = f"_{field}_rendered"
        for pk, raw in model.objects.values_list("pk", field).iterator():
            model.objects.filter(pk=pk).update(**{rendered_field: render(raw) if raw else None})


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0013_boards_and_permissions"),
        ("forum_member", "0006_tavolone_links"),
        ("forum_conversation", "0013_auto_20201220_1745"),
    ]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
