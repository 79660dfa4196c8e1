"""Build the bench database for a scale: migrate, home page, pages and forum in bulk."""

from __future__ import annotations

import io
import time

from django.core.management import call_command
from wagtail.models import Page, Site

from bench.forum_corpus import load_forum
from bench.scales import SCALES


def _home() -> Page:
    from tavolone.home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for welcome in root.get_children().filter(content_type__model="page"):
            if not welcome.get_children().exists():
                welcome.delete()
        home = root.add_child(instance=HomePage(title="Tavolone", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Tavolone"},
    )
    return home


def build(scale_name: str) -> dict:
    """Migrate a fresh database and load the corpus; returns counts and seconds."""
    from bench.corpus import load_pages

    scale = SCALES[scale_name]
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    migrated = time.perf_counter()
    counts = load_pages(scale, _home())
    counts.update(load_forum(scale))
    loaded = time.perf_counter()
    return {
        "counts": counts,
        "migrate_s": round(migrated - started, 2),
        "load_s": round(loaded - migrated, 2),
    }
