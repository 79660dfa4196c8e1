"""Shared fixtures: the demo tree and a few role users (a visitor is just the test client)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

# The slow parts of the suite: `make test-fast` (pytest -m "not slow") leaves them out for daily
# work; `make test` and CI run everything. Marked here by place so a new browser or benchmark
# test is slow without anyone remembering to say so.
SLOW_DIRS = ("browser", "bench", "hardening")


# Tests that bring their own SQLite database whatever DATABASE_URL says: the demo server of the
# browser tests (the visitor's demo, on embedded defaults) and the benchmark harness. The pass
# on PostgreSQL (.ci/run) would only run them a second time, identically, so it skips them.
OWN_DATABASE = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs on its own SQLite database whatever DATABASE_URL says; the SQLite pass ran it",
)


def pytest_collection_modifyitems(items):
    for item in items:
        path = Path(str(item.path))
        if path.parent.name in SLOW_DIRS or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
        if "demo_server" in getattr(item, "fixturenames", ()) or item.get_closest_marker(
            "own_database"
        ):
            item.add_marker(OWN_DATABASE)


@pytest.fixture
def demo(db):
    """The demo network, loaded through its management command."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from tavolone.home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def coworker(django_user_model):
    return django_user_model.objects.create_user(
        "coworker", "coworker@example.org", "pw-coworker-1"
    )


@pytest.fixture
def coworker_client(client, coworker):
    client.force_login(coworker)
    return client


def empty_search_index(path: str) -> str:
    """An empty FTS5 index at `path`, as `search_index rebuild` makes it on an empty site (a
    missing index is an error, as in production)."""
    from search.engines.base import Rebuild
    from search.engines.embedded import EmbeddedEngine

    EmbeddedEngine(path).rebuild(Rebuild([], 0))
    return path


def empty_tantivy_index(path: str) -> str:
    """An empty tantivy index (the default engine) in the folder `path`, as `search_index
    rebuild` makes it on an empty site."""
    from search.engines.base import Rebuild
    from search.engines.tantivy import TantivyEngine

    TantivyEngine(path).rebuild(Rebuild([], 0))
    return path


@pytest.fixture(autouse=True)
def _search_index_in_tmp(settings, tmp_path_factory):
    """Tests never write the development search indexes (var/): an empty index of each embedded
    engine per test, and no engine instance (an open index) kept from one test to the next."""
    from search import services

    folder = tmp_path_factory.mktemp("search")
    settings.SEARCH_TANTIVY_PATH = empty_tantivy_index(str(folder / "search-tantivy"))
    settings.SEARCH_EMBEDDED_PATH = empty_search_index(str(folder / "search.sqlite3"))
    services._engines.clear()
    yield
    services._engines.clear()


@pytest.fixture
def run_worker():
    """What the background worker does on each tick: applies the search outbox, runs queued
    tasks, publishes scheduled pages (saves only record; the worker applies)."""

    def run() -> None:
        call_command("worker", "--once")

    return run


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings, request):
    """Each test starts with an empty site cache of its own (settings: var/cache/pages), off
    but in tests/pagecache/: a test's changes never commit, so their purges (run on commit)
    would not run, and query counts would measure stored pages instead of views."""
    settings.SITE_CACHE = False
    settings.SITE_CACHE_DATA = False  # the same: shared facts (pagecache/memo.py)
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"pages-{request.node.nodeid}",
            "TIMEOUT": None,
        },
    }
    from django.core.cache import caches

    from tavolone.pagecache import views

    caches["pages"].clear()
    views.discard_pending()  # topic views an earlier test counted, not handed over yet


# Fixtures of the editorial roles tests (tree, editor, moderator, manager_a, manager_b) and the
# browser (one chromium per worker, the demo served by gunicorn).
pytest_plugins = ["tests.community.roles_fixtures", "tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _no_cursor_left_open(request):
    """On PostgreSQL, a test whose code left a server-side cursor open fails: a QuerySet
    `.iterator()` given up half-way is closed only when garbage-collected, possibly inside a later
    request's transaction, which the late CLOSE then aborts (a 500 on an unrelated page)."""
    if not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("db" if "db" in request.fixturenames else "transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "postgresql" or connection.connection is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_cursors WHERE name LIKE '\\_django\\_curs\\_%%'")
        left = [name for (name,) in cursor.fetchall()]
    assert not left, f"server-side cursors left open (an abandoned .iterator()): {left}"
