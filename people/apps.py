from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_skill_editing(**kwargs) -> None:
    """Editors manage the skills vocabulary (a Wagtail snippet), once their group exists."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from community.services import EDITORS
    from people.models import Skill

    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    content_type = ContentType.objects.get_for_model(Skill)
    for action in ("add", "change", "delete"):
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_skill",
            defaults={"name": f"Can {action} skill"},
        )
        group.permissions.add(permission)


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(grant_skill_editing, sender=self)
        from people import signals

        signals.connect()
