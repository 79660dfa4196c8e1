from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "tavolone.home"
    label = "home"
    verbose_name = "Home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tavolone.home.images import limit_pillow
        from tavolone.home.services import sync_sites_after_migrate

        limit_pillow()

        post_migrate.connect(sync_sites_after_migrate, sender=self)
