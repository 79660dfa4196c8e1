from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Manage the search index: rebuild | status | drain (filled by the search issue)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "drain"])

    def handle(self, *args, action: str, **options):
        self.stdout.write(f"search_index {action}: nothing to index yet.")
