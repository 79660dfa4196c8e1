"""The embedded index file as the engine reads and writes it: one connection per thread, checked
against the layout this code reads and the build the site recorded, and transactions whose
SQLite failures all mean "not available now".
"""

from __future__ import annotations

import os
import threading

import apsw

from search.engines.base import BuiltHere, EngineUnavailable
from search.engines.embedded import rerank
from search.engines.embedded.schema import SCHEMA_VERSION, build_of, connect, has_index
from tavolone.lib.geo import distance_km


class IndexFile:
    """The file at `path`, opened as needed in each thread (EmbeddedEngine builds on it)."""

    def __init__(self, path: str, timeout: float = 2.0, built_here: BuiltHere | None = None):
        self.path = str(path)
        self.timeout = timeout
        self._local = threading.local()
        # Whether the site built the index with a given build id (services asks its database);
        # None: any index will do (an engine made by hand, as tests' fixtures do).
        self.built_here = built_here
        self._claimed: tuple | None = None  # (file identity, build id) found to be the site's

    # --- connection -------------------------------------------------------------------------
    def _conn(self, check: bool = True, create: bool = False) -> apsw.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and _identity(self.path) != self._local.identity:
            # Moved, deleted or replaced since this connection opened it: never go on reading or
            # writing a file no other process sees.
            self._local.conn = conn = None
        if conn is None:
            conn = self._open(create)
            self._local.conn = conn
            self._local.current = False
        if check and not self._local.current:
            # Checked until it matches: another process may rebuild the index meanwhile.
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found != SCHEMA_VERSION:
                raise EngineUnavailable(
                    f"the search index at {self.path} was built by another version of "
                    f"Tavolone (layout {found}, this one reads {SCHEMA_VERSION}): run "
                    "`python manage.py search_index rebuild`"
                )
            self._local.current = self._check_build(conn)
        return conn

    def _check_build(self, conn: apsw.Connection) -> bool:
        """Refuse a file the site did not build: an old backup copied into place, a staging
        copy, another site's index. Once per (re)open: the site's database is asked once per
        process for each file and build. False: not checked yet (ask again next time)."""
        if self.built_here is None:
            return True
        try:
            found = build_of(conn)
        except apsw.Error as exc:
            raise EngineUnavailable(f"embedded search index at {self.path}: {exc}") from exc
        if self._claimed == (self._local.identity, found):
            return True
        if threading.current_thread().name.startswith("search-facets"):  # (EmbeddedEngine._helper)
            # Counting a search's facets: the search's own thread checks the file (and answers
            # 503 for the whole search); the database is asked from callers' threads only.
            return False
        if not self.built_here(found):
            carries = f"it carries build {found}" if found else "it carries no build id"
            raise EngineUnavailable(
                f"the search index at {self.path} is not the index this site built ({carries}, "
                "not the one the site's database recorded: an old copy or another site's "
                "index): run `python manage.py search_index rebuild`"
            )
        self._claimed = (self._local.identity, found)
        return True

    def _open(self, create: bool) -> apsw.Connection:
        """A connection to the file at the path. Missing, or not an index: an error until the
        documented rebuild (which alone may create it)."""
        identity = _identity(self.path)
        if identity is None and not create:
            raise EngineUnavailable(
                f"the search index at {self.path} is missing: run "
                "`python manage.py search_index rebuild`"
            )
        try:
            conn = connect(self.path, self.timeout, create)
            conn.execute("PRAGMA journal_mode=WAL")
            if not create and not has_index(conn):
                raise EngineUnavailable(
                    f"{self.path} is not a search index: run `python manage.py search_index "
                    "rebuild`"
                )
            conn.create_scalar_function("km", distance_km, 4, deterministic=True)
            conn.register_fts5_function(rerank.NAME, rerank.field_stats)
            # Each column's terms with their document counts (the typed title's idf).
            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_columns "
                "USING fts5vocab(main, fts, col)"
            )
        except apsw.Error as exc:
            raise EngineUnavailable(f"embedded search index at {self.path}: {exc}") from exc
        self._local.identity = _identity(self.path)
        if identity is not None and self._local.identity != identity:
            raise EngineUnavailable(f"the search index at {self.path} was replaced while opened")
        return conn

    def _run(self, fn, check: bool = True, begin: str = "BEGIN IMMEDIATE"):
        """Run fn(conn) in a transaction (a write one unless `begin` is "BEGIN": reads on one
        snapshot); any SQLite failure means: not available now."""
        conn = self._conn(check)
        try:
            conn.execute(begin)
            try:
                result = fn(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except apsw.Error as exc:
            raise EngineUnavailable(f"embedded search index at {self.path}: {exc}") from exc

    def _read(self, sql: str, args=()) -> list:
        conn = self._conn()
        try:
            return conn.execute(sql, args).fetchall()
        except apsw.Error as exc:
            raise EngineUnavailable(f"embedded search index at {self.path}: {exc}") from exc


def _identity(path: str) -> tuple[int, int] | None:
    """The file at `path` (device, inode), or None if there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino
