from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "tavolone_search"  # `search` alone would read as Wagtail's search in admin listings
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from search import signals
        from search.checks import engine_configured, require_engine

        require_engine()  # a web server runs no checks: a bad SEARCH_ENGINE stops it here
        signals.connect()
        checks.register(engine_configured)
