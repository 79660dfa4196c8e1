"""`manage.py translations`: keep the Italian catalogue in step with the code (no gettext needed).

Without options it adds new msgids to locale/it/LC_MESSAGES/django.po, compiles the .mo and
lists what still needs an Italian translation. `--check` only lists, and fails if any.
"""

from django.core.management.base import BaseCommand, CommandError

from tavolone.lib import translations


class Command(BaseCommand):
    help = "Extract our msgids into the Italian .po, compile the .mo, list untranslated ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail if any msgid is untranslated."
        )

    def handle(self, *args, check: bool = False, **options):
        messages = translations.extract()
        catalog = translations.load_catalog()
        if not check:
            added = translations.update_catalog(messages, catalog)
            translations.save(catalog)
            self.stdout.write(
                f"{len(messages)} msgids in the code, {added} new in {translations.po_path()}"
            )
        missing = translations.untranslated(messages, catalog)
        for message in missing:
            where = ", ".join(sorted(message.files))
            context = f" [context {message.context!r}]" if message.context else ""
            self.stdout.write(f"untranslated{context}: {message.msgid!r}  ({where})")
        if missing and check:
            raise CommandError(f"{len(missing)} msgids have no Italian translation.")
        self.stdout.write(f"{len(missing)} untranslated.")
