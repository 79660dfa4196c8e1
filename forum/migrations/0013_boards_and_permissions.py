"""The boards and their permissions, so that a fresh install is right.

Historical models have no MPTT manager: tree fields are set by hand (each root is its own tree).
"""

from django.db import migrations
from django.utils.text import slugify

from forum import boards
from forum.markup import render

FORUM_POST, FORUM_CAT = 0, 1


def _tree(Forum, tree_id, key, name, description, kind, children=()):
    width = 2 * len(children) + 2
    fields = dict(
        name=name,
        slug=slugify(name),
        description=description,
        _description_rendered=render(description),
        type=kind,
        tree_id=tree_id,
        level=0,
        lft=1,
        rght=width,
    )
    root = Forum.objects.create(board_key=key, **fields)
    for i, (child_key, child_name, child_description) in enumerate(children):
        Forum.objects.create(
            board_key=child_key,
            parent=root,
            name=child_name,
            slug=slugify(child_name),
            description=child_description,
            _description_rendered=render(child_description),
            type=FORUM_POST,
            tree_id=tree_id,
            level=1,
            lft=2 + 2 * i,
            rght=3 + 2 * i,
        )
    return root


def create_boards(apps, schema_editor):
    Forum = apps.get_model("forum", "Forum")
    ForumPermission = apps.get_model("forum_permission", "ForumPermission")
    UserForumPermission = apps.get_model("forum_permission", "UserForumPermission")
    GroupForumPermission = apps.get_model("forum_permission", "GroupForumPermission")
    Group = apps.get_model("auth", "Group")

    if not Forum.objects.filter(board_key=boards.NETWORK_SLUG).exists():
        next_tree = (
            Forum.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0
        ) + 1
        _tree(
            Forum,
            next_tree,
            boards.NETWORK_SLUG,
            "La rete",
            "Le discussioni di tutta la rete dei coworking.",
            FORUM_CAT,
            boards.NETWORK_FORUMS,
        )
        _tree(
            Forum,
            next_tree + 1,
            boards.NEWS_SLUG,
            "Commenti alle news",
            "Ogni articolo delle news ha qui la sua discussione.",
            FORUM_POST,
        )
        _tree(
            Forum,
            next_tree + 2,
            boards.SPACES_SLUG,
            "Spazi",
            "Un forum per ogni spazio della rete.",
            FORUM_CAT,
        )
        _tree(
            Forum,
            next_tree + 3,
            boards.HOST_SLUG,
            "Host",
            "Riservato a chi gestisce uno spazio della rete e allo staff.",
            FORUM_POST,
        )

    def perm(codename):
        return ForumPermission.objects.get_or_create(codename=codename)[0]

    # Global grants: anonymous visitors read, signed-in coworkers take part.
    for codename in boards.ANONYMOUS_PERMS:
        UserForumPermission.objects.get_or_create(
            permission=perm(codename),
            forum=None,
            anonymous_user=True,
            user=None,
            defaults={"has_perm": True},
        )
    for codename in boards.COWORKER_PERMS:
        UserForumPermission.objects.get_or_create(
            permission=perm(codename),
            forum=None,
            authenticated_user=True,
            user=None,
            defaults={"has_perm": True},
        )
    moderators, _ = Group.objects.get_or_create(name=boards.MODERATORS_GROUP)
    for codename in boards.MODERATOR_PERMS:
        GroupForumPermission.objects.get_or_create(
            permission=perm(codename), forum=None, group=moderators, defaults={"has_perm": True}
        )
    # The private Host forum: withdrawn from everyone, given back to the space hosts.
    host_forum = Forum.objects.get(board_key=boards.HOST_SLUG)
    hosts, _ = Group.objects.get_or_create(name=boards.SPACE_HOSTS_GROUP)
    for codename in boards.HOST_FORUM_DENIED:
        UserForumPermission.objects.update_or_create(
            permission=perm(codename),
            forum=host_forum,
            anonymous_user=True,
            user=None,
            defaults={"has_perm": False},
        )
        UserForumPermission.objects.update_or_create(
            permission=perm(codename),
            forum=host_forum,
            authenticated_user=True,
            user=None,
            defaults={"has_perm": False},
        )
    for codename in boards.HOST_FORUM_GRANTED:
        GroupForumPermission.objects.update_or_create(
            permission=perm(codename), forum=host_forum, group=hosts, defaults={"has_perm": True}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0012_tavolone_links"),
        ("forum_permission", "0005_userforumpermission_authenticated_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_boards, migrations.RunPython.noop)]
