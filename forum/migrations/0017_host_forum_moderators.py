"""The private Host forum is read and written by the space hosts and the forum moderators.

0013 gave it back to the space hosts only; staff read it through a rule in the permission
checker, editors included. That rule is gone: the permission rows decide, the same on a fresh
install (0013 then this) and an upgraded one.
"""

from django.db import migrations

from forum import boards


def grant(apps, schema_editor):
    Forum = apps.get_model("forum", "Forum")
    ForumPermission = apps.get_model("forum_permission", "ForumPermission")
    GroupForumPermission = apps.get_model("forum_permission", "GroupForumPermission")
    Group = apps.get_model("auth", "Group")
    host_forum = Forum.objects.filter(board_key=boards.HOST_SLUG).first()
    if host_forum is None:
        return
    for name in boards.HOST_FORUM_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        for codename in boards.HOST_FORUM_GRANTED:
            permission, _ = ForumPermission.objects.get_or_create(codename=codename)
            GroupForumPermission.objects.update_or_create(
                permission=permission,
                forum=host_forum,
                group=group,
                defaults={"has_perm": True},
            )


def withdraw(apps, schema_editor):
    GroupForumPermission = apps.get_model("forum_permission", "GroupForumPermission")
    GroupForumPermission.objects.filter(
        forum__board_key=boards.HOST_SLUG, group__name=boards.MODERATORS_GROUP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0016_queued_post_notice"),
        ("forum_permission", "0005_userforumpermission_authenticated_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, withdraw)]
