"""Editorial roles: the three groups, where their page permissions live, and host scoping.

Plone-style local roles on top of Wagtail's tree permissions:
- Moderators: add/change/publish/lock/unlock on the tree root (approve, publish, unpublish,
  schedule everything); they are also the reviewers of the moderation workflow.
- Editors: add/change/lock on the news index only, no publish: their work goes to moderation.
- Space managers: change/lock on the space index, but a permission of that group only reaches
  the spaces the user hosts (`SpacePage.hosts`), through `HostScopedPagePermissionPolicy`.

`ensure_roles(apps)` takes an app registry so the same code runs in the data migration
(historical models) and from `load_demo` / the admin hook (real models); it is idempotent.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

EDITORS = "Editors"
MODERATORS = "Moderators"  # shared with the forum's moderators
SPACE_MANAGERS = "Space managers"

# Wagtail's default workflow and its task, created by Wagtail's migration in English, renamed in
# the site's language: the admin shows them as data ("Invia a Moderators approval").
WAGTAIL_WORKFLOW_NAME = "Moderators approval"
WORKFLOW_NAME = "Approvazione dei moderatori"

MODERATOR_ROOT_ACTIONS = ("add", "change", "publish", "lock", "unlock")
EDITOR_NEWS_ACTIONS = ("add", "change", "lock")
MANAGER_SPACE_ACTIONS = ("change", "lock")
IMAGE_ACTIONS = ("add_image", "choose_image")
# Visit requests of a space without a host go to the editors: they (and the moderators) read
# every request in the admin; a host reads their own spaces' (community/snippets.py).
VISIT_REQUEST_READERS = (EDITORS, MODERATORS)


def _permission(apps, app_label: str, model: str, codename: str, name: str):
    """A permission, made here if missing: on a fresh database Django only creates them after
    all migrations, and the data migration needs them."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def _page_perm(apps, action: str):
    return _permission(apps, "wagtailcore", "page", f"{action}_page", f"Can {action} page")


def _pages_of_type(apps, model: str):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(content_type__app_label="community", content_type__model=model)


def _grant(apps, group, pages, actions) -> None:
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for page in pages:
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_page_perm(apps, action)
            )


def _admin_access(apps, group) -> None:
    name = "Can access Wagtail admin"
    group.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin", name))


def _image_access(apps, group) -> None:
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in IMAGE_ACTIONS:
        name = f"Can {codename.split('_')[0]} image"
        perm = _permission(apps, "wagtailimages", "image", codename, name)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=perm
        )


def ensure_visit_request_access(apps=global_apps) -> None:
    Group = apps.get_model("auth", "Group")
    name = "Can view visit request"
    perm = _permission(apps, "community", "visitrequest", "view_visitrequest", name)
    for group in Group.objects.filter(name__in=VISIT_REQUEST_READERS):
        group.permissions.add(perm)


def ensure_page_permissions(apps=global_apps) -> None:
    """Attach the page permissions to the root and to the index pages that exist now."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    managers = Group.objects.get(name=SPACE_MANAGERS)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        _grant(apps, moderators, [root], MODERATOR_ROOT_ACTIONS)
    # Wagtail's initial data gives Editors add/change on the root, i.e. every space too.
    GroupPagePermission.objects.filter(group=editors, page__depth=1).delete()
    _grant(apps, editors, _pages_of_type(apps, "newsindexpage"), EDITOR_NEWS_ACTIONS)
    _grant(apps, managers, _pages_of_type(apps, "spaceindexpage"), MANAGER_SPACE_ACTIONS)


def ensure_workflow(apps=global_apps) -> None:
    """One active workflow on the root: a single approval task done by the Moderators."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    moderators = Group.objects.get(name=MODERATORS)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    names = (WORKFLOW_NAME, WAGTAIL_WORKFLOW_NAME)
    workflow = Workflow.objects.filter(name__in=names).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    if not workflow.active or workflow.name != WORKFLOW_NAME:
        workflow.active, workflow.name = True, WORKFLOW_NAME
        workflow.save(update_fields=["active", "name"])
    task = GroupApprovalTask.objects.filter(groups=moderators, active=True).first()
    if task is not None and task.name == WAGTAIL_WORKFLOW_NAME:
        task.name = WORKFLOW_NAME
        task.save(update_fields=["name"])
    if task is None:
        task_ct, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, active=True, content_type=task_ct
        )
        task.groups.add(moderators)
    if not WorkflowTask.objects.filter(workflow=workflow, task_id=task.pk).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task_id=task.pk, sort_order=WorkflowTask.objects.count()
        )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def ensure_roles(apps=global_apps) -> None:
    """Groups, admin access, image access, page permissions, the moderation workflow and who
    reads visit requests."""
    Group = apps.get_model("auth", "Group")
    for name in (EDITORS, MODERATORS, SPACE_MANAGERS):
        group, _ = Group.objects.get_or_create(name=name)
        _admin_access(apps, group)
        _image_access(apps, group)
    ensure_page_permissions(apps)
    ensure_workflow(apps)
    ensure_visit_request_access(apps)


def load(*, home, users, stdout) -> None:
    """`load_demo` step: roles on the demo tree, and the demo host hosts their space."""
    ensure_roles()
    from community.models import SpacePage

    host = users.get("space manager")
    space = SpacePage.objects.filter(slug="lambrate").first()
    if host is not None and space is not None and not space.hosts.filter(pk=host.pk).exists():
        space.hosts.add(host)
        space.save(update_fields=["hosts"])  # a ParentalManyToManyField is saved with the page
    stdout.write("  roles: Editors, Moderators, Space managers; moderation workflow on the root")


class HostScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, except that a Space managers permission is narrowed to the spaces
    below it that the user hosts. Everything in the admin (explorer, edit, delete, revisions,
    locking, workflow actions) asks this policy, so a manager of space A simply has no
    permission on space B: Wagtail itself answers 403 and hides B's actions."""

    def get_all_permissions_for_user(self, user):
        perms = super().get_all_permissions_for_user(user)
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return perms
        perms = list(perms.select_related("group"))
        if not any(p.group.name == SPACE_MANAGERS for p in perms):
            return perms
        from community.models import SpacePage

        hosted = list(SpacePage.objects.filter(hosts=user).only("id", "path", "depth"))
        scoped = []
        for perm in perms:
            if perm.group.name != SPACE_MANAGERS:
                scoped.append(perm)
                continue
            for space in hosted:
                if space.path.startswith(perm.page.path):
                    # Unsaved: a per-request view of the group's permission, never stored.
                    scoped.append(
                        GroupPagePermission(
                            group=perm.group, permission=perm.permission, page=space
                        )
                    )
        return scoped
