"""The benchmark's settings: Tavolone's own, on a database and indexes of the bench's own.

Never touches the demo database: everything lives in var/bench/<scale>*. Adds the peers'
configuration: Haystack with Whoosh (what machina documents) and the `bench` app, whose proxy model
lets Wagtail's database search backend index the same forum posts.
"""

import hashlib
import os
from pathlib import Path

from tavolone.env import database_settings, env_int
from tavolone.settings import *  # noqa: F403
from tavolone.settings import (
    BASE_DIR,
    CACHES,
    ELASTICSEARCH_INDEX_PREFIX,
    ELASTICSEARCH_URL,
    INSTALLED_APPS,
)

SCALE = os.environ.get("BENCH_SCALE", "small")
BENCH_DIR = Path(os.environ.get("BENCH_DIR", str(BASE_DIR / "var" / "bench")))
BENCH_DIR.mkdir(parents=True, exist_ok=True)

# The site's own SQLite settings (WAL, connections kept DB_CONN_MAX_AGE), on the bench's file.
DATABASES = {
    "default": database_settings(
        "", sqlite_path=BENCH_DIR / f"{SCALE}.sqlite3", conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
SEARCH_EMBEDDED_PATH = str(BENCH_DIR / f"{SCALE}-search.sqlite3")
SEARCH_TANTIVY_PATH = str(BENCH_DIR / f"{SCALE}-tantivy")  # measured beside it (bench.run)
# The FTS5 engine is the baseline of every measurement, named (the site's default is tantivy,
# measured beside it); a cluster given by ELASTICSEARCH_URL is measured beside it too (bench.run
# switches to it), in indexes of the bench's own: a rebuild here never touches the site's, nor
# another bench directory's (the smoke test's, a second run).
BENCH_ELASTICSEARCH_URL = ELASTICSEARCH_URL
ELASTICSEARCH_URL = ""
BASELINE_ENGINE = "search.engines.embedded.EmbeddedEngine"
# The pages' engine: the baseline, or the engine bench.run built when it built no baseline
# (`--engines tantivy`); bench.run switches it per column. Never the site's SEARCH_ENGINE.
SEARCH_ENGINE = os.environ.get("BENCH_SEARCH_ENGINE") or BASELINE_ENGINE
_RUN_DIR = hashlib.sha1(str(BENCH_DIR.resolve()).encode()).hexdigest()[:8]  # noqa: S324 (a name)
ELASTICSEARCH_INDEX_PREFIX = f"{ELASTICSEARCH_INDEX_PREFIX}-bench-{SCALE}-{_RUN_DIR}"
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": str(BENCH_DIR / f"{SCALE}-whoosh"),
    }
}
# The realtime signal processor would index every bulk-created post one by one: the peer is
# measured by a full rebuild, as machina documents (`rebuild_index`).
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# Each server of a run keeps its stored pages and facts in a directory of its own
# (bench.serving): never another server's, nor a previous run's on another database. The
# rest of a run (searches, rebuilds) and the other bench commands keep theirs beside their
# database: in the site's own directory, a fact remembered from one database (a visitor's
# readable forums) was read on another.
if CACHES["pages"]["BACKEND"].endswith("FileBasedCache"):
    _PAGES = os.environ.get("BENCH_PAGES_DIR") or str(BENCH_DIR / f"{SCALE}-pages")
    CACHES = {**CACHES, "pages": {**CACHES["pages"], "LOCATION": _PAGES}}
