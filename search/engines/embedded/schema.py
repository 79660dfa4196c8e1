# SQL is assembled only from constant table names.
# ruff: noqa: S608
"""The embedded index file's layout, how every reader and writer opens it, and its build id.

Tables: `docs` (one row per result: kind, url, filters, location); `fts` (rowid = docs.id): the
original title (tokenised: autocomplete prefixes) and body (stored only: snippets), and the
Italian+English stems of title and body computed in Python (matching and bm25 ranking);
`vocab`: each word of public documents with their count (did you mean); `facets`: the
combinations of the fixed facets; `stems`: the rows each stem finds (maxscore's bounds);
`facet_values`: every other facet (facets.py); `meta`: the build id.

No Django here: the rebuild's writer process imports this module.
"""

from __future__ import annotations

import apsw

from search.engines.embedded import facets

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS {docs} (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, title TEXT,
    url TEXT, date TEXT, ts REAL, year INTEGER, city TEXT, neighbourhood TEXT,
    forum_id INTEGER, forum TEXT, lat REAL, lon REAL, is_public INTEGER, expire_at REAL,
    version INTEGER,
    facet INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(
    title, body UNINDEXED, title_s, body_s, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS {vocab} (word TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {facets} (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, city TEXT,
    forum_id INTEGER, forum TEXT, year INTEGER
);
CREATE TABLE IF NOT EXISTS {stems} (stem TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
"""
    + facets.SCHEMA
)
TABLES = ("docs", "fts", "vocab", "facets", "stems", "facet_values")
# PRAGMA user_version of an index with this layout. Bump it too when text analysis changes: the
# vocabulary's counts are undone by analysing stored text again, which must give the same words.
SCHEMA_VERSION = 7
# The index's own facts, beside its tables: `build`, the random id of the rebuild that made it.
META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"


def connect(path: str, timeout: float, create: bool = False) -> apsw.Connection:
    """A connection to the index file, as every reader and writer opens it (autocommit:
    transactions are explicit; WAL is the file's own mode, set by the first connection). Only a
    rebuild creates the file (`create`): a missing index is an error, never an empty new one."""
    flags = apsw.SQLITE_OPEN_READWRITE | (apsw.SQLITE_OPEN_CREATE if create else 0)
    conn = apsw.Connection(path, flags=flags)
    conn.set_busy_timeout(int(timeout * 1000))
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def statements(script: str) -> list[str]:
    return [sql for sql in script.split(";") if sql.strip()]


def has_index(conn: apsw.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone() is not None


def build_of(conn: apsw.Connection) -> str | None:
    """The build id stored in the index, None if it has none (built without, or before ids)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
    return row[0] if row else None


def set_build(conn: apsw.Connection, build_id: str | None) -> None:
    conn.execute(META)
    conn.execute("DELETE FROM meta WHERE key = 'build'")
    if build_id:
        conn.execute("INSERT INTO meta (key, value) VALUES ('build', ?)", (build_id,))
