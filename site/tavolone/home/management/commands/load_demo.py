from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from tavolone.home.demo import DEMO_PASSWORD, DEMO_USERS, ensure_home, ensure_users

# Each app contributes its part of the demo network through a `demo.load(home, users)` function.
# Roles once index pages exist; people after roles (editors get the skills vocabulary).
DEMO_MODULES = ("community.demo", "forum.demo", "community.roles", "people.demo")


class Command(BaseCommand):
    help = "Load the demo coworking network. Idempotent: running it again adds nothing twice."

    def handle(self, *args, **options):
        with transaction.atomic():
            home = ensure_home()
            users = ensure_users()
            for name in DEMO_MODULES:
                import_module(name).load(home=home, users=users, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo network ready."))
        if settings.DEMO_MODE:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for spec in DEMO_USERS:
                self.stdout.write(f"  {spec.username:<14} {spec.role}")
        else:
            self.stdout.write("DEMO_MODE is off: demo users have no usable password.")
