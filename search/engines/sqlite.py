"""The SQLite the embedded engine opens its index with.

pysqlite3-binary (PyPI) bundles a recent SQLite where it has a wheel (Linux x86-64): FTS5 ranks
about 20 % faster there than with Debian 12's 3.40 (docs/benchmarks.md). Elsewhere Python's own
sqlite3 runs the same SQL; the tests check bm25's formula against whichever is in use. Open the
index only through this module: two copies of SQLite in one process must never share a file
(each would release the other's POSIX locks: https://sqlite.org/howtocorrupt.html, 2.2.1).
"""

from __future__ import annotations

try:
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform: Python's own
    import sqlite3

__all__ = ["sqlite3"]
