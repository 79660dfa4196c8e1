"""`manage.py person export|erase <username or email>`: a person's request that came by email.

An email address with no account still finds the visit requests sent with it."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from people import erasure, export


def find(identifier: str):
    """(user or None, email or None) for a username or an email address."""
    User = get_user_model()
    identifier = identifier.strip()
    user = User.objects.filter(username=identifier).first()
    email = None
    if user is None and "@" in identifier:
        email = identifier
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
        if len(matches) > 1:
            raise CommandError(f"More than one account uses {identifier}: give the username.")
        user = matches[0] if matches else None
    return user, email


class Command(BaseCommand):
    help = "Export (a zip) or erase everything Tavolone holds about a person."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("identifier", help="username or email address")
        parser.add_argument("--output", help="export: the zip's path (default: ./<id>.zip)")
        parser.add_argument(
            "--yes", action="store_true", help="erase without asking for confirmation"
        )

    def handle(self, *args, action, identifier, output=None, yes=False, **options):
        user, email = find(identifier)
        person = export.collect(user=user, email=email)
        if user is None and not person.data["visit_requests"]:
            raise CommandError(f"Nobody known as {identifier!r}.")
        who = user.get_username() if user else email
        if action == "export":
            path = Path(output or f"tavolone-{'user-' + str(user.pk) if user else 'visitor'}.zip")
            path.write_bytes(export.build_zip(person))
            self.stdout.write(self.style.SUCCESS(f"Exported {who}'s data to {path}"))
            return
        if not yes:
            answer = input(f"Erase {who} for good? Type 'erase' to confirm: ")
            if answer.strip() != "erase":
                raise CommandError("Nothing erased.")
        done = erasure.erase(user=user, email=email)
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(done.items()))
        self.stdout.write(self.style.SUCCESS(f"Erased {who} ({summary})"))
