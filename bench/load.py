"""Build the bench database for a scale: migrate, home page, pages and forum in bulk."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from wagtail.models import Page, Site

from bench.forum_corpus import load_forum
from bench.scales import SCALES


def _home() -> Page:
    from tavolone.home.demo import install_home
    from tavolone.home.models import HomePage

    home = install_home(HomePage(title="Tavolone", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Tavolone"},
    )
    return home


def _migrations_key() -> str:
    """A hash of every migration file of the installed apps: the migrated schema's identity."""
    from django.apps import apps

    digest = hashlib.sha256()
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        folder = Path(app.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _migrate() -> None:
    """Migrate the empty bench database, or copy a cached migrated one (migrating is most of a
    small run's time: ~150 migrations). The cache is keyed by the migration files."""
    db = Path(connection.settings_dict["NAME"])
    cache = Path(os.environ.get("BENCH_CACHE", str(Path(settings.BASE_DIR) / "var" / "bench")))
    template = cache / f"migrated-{_migrations_key()}.sqlite3"
    connection.close()
    if template.exists():
        shutil.copyfile(template, db)
        return
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    cache.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:  # a consistent single-file copy, WAL included
        cursor.execute("VACUUM INTO %s", [str(template) + ".tmp"])
    os.replace(str(template) + ".tmp", template)


def build(scale_name: str) -> dict:
    """Migrate a fresh database and load the corpus; returns counts and seconds."""
    from bench.corpus import load_pages

    scale = SCALES[scale_name]
    started = time.perf_counter()
    _migrate()
    migrated = time.perf_counter()
    # DEBUG (the site's default) logs every query's SQL with its values: the last 9,000
    # inserts of ~80 posts each, gigabytes at xlarge (its build grew to 4.4 GB, then stayed).
    with override_settings(DEBUG=False):
        counts = load_pages(scale, _home())
        counts.update(load_forum(scale))
    loaded = time.perf_counter()
    from bench.rebuild import peak_rss_mb

    return {
        "counts": counts,
        "migrate_s": round(migrated - started, 2),
        "load_s": round(loaded - migrated, 2),
        # The loaders keep one batch of posts at a time, but every topic and article: what
        # the largest scale needs of memory (this process's peak, the bench's own included).
        "peak_rss_mb": peak_rss_mb(),
    }
