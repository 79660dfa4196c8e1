# SQL is assembled only from constant table/column names; every value is a bound parameter.
# ruff: noqa: S608
"""Writing the embedded engine's tables: a document's rows, and updates (insert, replace,
delete) that keep the vocabulary and stem counts equal to the documents.

No Django here: the rebuild's writer process (load.py) imports this module.
"""

from __future__ import annotations

import hashlib
import json
import re

import apsw

from search import text
from search.engines.embedded import facets as embedded_facets
from search.ranking import moment

DOCS_COLUMNS = (
    "id, key, kind, title, url, date, ts, year, city, neighbourhood, forum_id, forum, "
    "lat, lon, is_public, expire_at, version, facet"
)
FTS_COLUMNS = "title, body, title_s, body_s"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # \x01/\x02 are our snippet markers

# docs values, fts values, public words or None, stored facet values
Row = tuple[tuple, tuple, "set[str] | None", embedded_facets.Pairs]


def _ts(value) -> float | None:
    when = moment(value)
    return when.timestamp() if when else None


def doc_values(doc: dict) -> tuple[tuple, str, str]:
    """A document's `docs` values (without version and facet), and its cleaned title and body:
    what the index stores of it."""
    title = _CONTROL.sub(" ", doc["title"] or "")
    body = _CONTROL.sub(" ", doc["body"] or "")
    when = moment(doc.get("date"))
    loc = doc.get("location") or (None, None)
    meta = (
        doc["key"], doc["kind"], title, doc["url"], when.isoformat() if when else None,
        _ts(when), when.year if when else None, doc.get("city") or "",
        doc.get("neighbourhood") or "", doc.get("forum_id"), doc.get("forum") or "",
        loc[0], loc[1], 1 if doc.get("is_public") else 0, _ts(doc.get("expire_at")),
    )  # fmt: skip
    return meta, title, body


def digest(meta: tuple, title: str, body: str, pairs: embedded_facets.Pairs = ()) -> str:
    """A short digest of what the index stores of a document, its stored facet values included
    (`search_index status` compares the database's documents with the index's by it)."""
    held = (meta, title, body, sorted(set(pairs)))
    return hashlib.blake2b(repr(held).encode(), digest_size=12).hexdigest()


# The stored columns digest() reads back: docs' values in doc_values' order, the fts text.
STORED_COLUMNS = (
    "d.key, d.kind, d.title, d.url, d.date, d.ts, d.year, d.city, d.neighbourhood, d.forum_id, "
    "d.forum, d.lat, d.lon, d.is_public, d.expire_at, f.title, f.body"
)


def doc_rows(doc: dict, version: int) -> Row:
    """A document's values for `docs` and `fts`, and its words if the public may read it."""
    meta, title, body = doc_values(doc)
    title_s, body_s, words = text.analyse(title, body)
    public_words = words if doc.get("is_public") else None
    return (
        (*meta, version),
        (title, body, title_s, body_s),
        public_words,
        embedded_facets.pairs(doc),
    )


def insert_new(conn: apsw.Connection, rows: list[tuple[int, tuple, tuple, list]]) -> None:
    """(id, docs values, fts values, facet values) into the rebuild's new tables."""
    facets = facet_ids(conn, "facets_new", [meta for _, meta, _, _ in rows])
    conn.executemany(
        f"INSERT INTO docs_new ({DOCS_COLUMNS}) VALUES (?{', ?' * 17})",
        [(i, *meta, facet) for (i, meta, _, _), facet in zip(rows, facets, strict=True)],
    )
    conn.executemany(
        f"INSERT INTO fts_new (rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
        [(i, *fts_row) for i, _, fts_row, _ in rows],
    )
    embedded_facets.store(conn, "facet_values_new", [(i, pairs) for i, _, _, pairs in rows])


def upsert(conn, rows: list, version: int, tables: tuple[str, ...]) -> None:
    """Write documents (doc_rows) into `tables` (docs, fts, vocab, facets, stems, facet_values),
    unless a newer version of a document is already there."""
    docs, fts, vocab, facets, stems, values = tables
    for meta, fts_row, words, pairs in rows:
        old = conn.execute(f"SELECT id, version FROM {docs} WHERE key = ?", meta[:1]).fetchone()
        if old and (old[1] or 0) > version:
            continue  # a newer state is already indexed (its forum name too: no facet update)
        old_words, old_stems = _delete_row(conn, old[0], tables) if old else (set(), set())
        facet = facet_ids(conn, facets, [meta])[0]
        conn.execute(
            f"INSERT INTO {docs} ({DOCS_COLUMNS}) VALUES (NULL{', ?' * 17})", (*meta, facet)
        )
        doc_id = conn.last_insert_rowid()
        conn.execute(
            f"INSERT INTO {fts} (rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)", (doc_id, *fts_row)
        )
        embedded_facets.store(conn, values, [(doc_id, pairs)])
        # Only the difference moves: a reply to a long thread adds a few words, not its 800.
        words, new_stems = words or set(), stems_of(fts_row)
        _count(conn, vocab, "word", old_words - words, words - old_words)
        _count(conn, stems, "stem", old_stems - new_stems, new_stems - old_stems)


def remove(conn, keys: list[str], version: int, tables: tuple[str, ...]) -> None:
    """Delete documents by key, unless a newer version of a document is already there."""
    docs, _, vocab, _, stems, _ = tables
    for key in keys:
        old = conn.execute(f"SELECT id, version FROM {docs} WHERE key = ?", (key,)).fetchone()
        if old and (old[1] or 0) <= version:
            old_words, old_stems = _delete_row(conn, old[0], tables)
            _count(conn, vocab, "word", old_words, set())
            _count(conn, stems, "stem", old_stems, set())


def _delete_row(conn, doc_id: int, tables: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Delete a document's rows; the words it had in the public vocabulary, and its stems."""
    docs, fts = tables[:2]
    public = conn.execute(f"SELECT is_public FROM {docs} WHERE id = ?", (doc_id,)).fetchone()
    stored = conn.execute(
        f"SELECT {FTS_COLUMNS} FROM {fts} WHERE rowid = ?", (doc_id,)
    ).fetchone() or ("", "", "", "")
    words = text.analyse(*stored[:2])[2] if public and public[0] else set()
    conn.execute(f"DELETE FROM {docs} WHERE id = ?", (doc_id,))
    conn.execute(f"DELETE FROM {fts} WHERE rowid = ?", (doc_id,))
    embedded_facets.forget(conn, tables[5], doc_id)
    return words, stems_of(stored)


def stems_of(fts_row: tuple) -> set[str]:
    """The distinct stems of a document's fts values (title, body, title_s, body_s)."""
    return set(fts_row[2].split()).union(fts_row[3].split())


def facet_ids(conn, facets: str, metas: list[tuple]) -> list[int]:
    """The `facets` row of each document's (kind, city, forum, year), made when new; the
    forum's name is the latest one seen (a renamed forum's threads are indexed again)."""
    ids: dict[str, int] = {}
    out = []
    for meta in metas:
        kind, year, city, forum_id, forum = meta[1], meta[6], meta[7], meta[9], meta[10]
        key = json.dumps([kind, city, forum_id, year])
        if key not in ids:
            ids[key] = conn.execute(
                f"INSERT INTO {facets} (key, kind, city, forum_id, forum, year) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET forum = excluded.forum "
                "RETURNING id",
                (key, kind, city, forum_id, forum, year),
            ).fetchone()[0]
        out.append(ids[key])
    return out


def _count(conn, table: str, key: str, gone: set[str], new: set[str]) -> None:
    """One document fewer for each of `gone`, one more for each of `new` (vocab or stems)."""
    if gone:
        conn.executemany(
            f"UPDATE {table} SET docs = docs - 1 WHERE {key} = ?", ((w,) for w in gone)
        )
        conn.executemany(f"DELETE FROM {table} WHERE {key} = ? AND docs <= 0", ((w,) for w in gone))
    if new:
        conn.executemany(
            f"INSERT INTO {table} ({key}, docs) VALUES (?, 1) "
            f"ON CONFLICT ({key}) DO UPDATE SET docs = docs + 1",
            ((w,) for w in new),
        )
