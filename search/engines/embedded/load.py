# SQL is assembled only from constant table/column names; every value is a bound parameter.
# ruff: noqa: S608
"""Writing the embedded engine's tables: a document's rows, updates, and the rebuild's loader.

No Django here: the loader's writer process imports only this module, `search.text`, apsw and
the standard library.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import queue
import re
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

import apsw

from search import text
from search.engines.embedded import facets as embedded_facets

DOCS_COLUMNS = (
    "id, key, kind, title, url, date, ts, year, city, neighbourhood, forum_id, forum, "
    "lat, lon, is_public, expire_at, version, facet"
)
FTS_COLUMNS = "title, body, title_s, body_s"
BATCH = 1000  # documents per rebuild transaction
# How much of each batch the writer analyses (it also stores every batch) moves by this step
# after each batch, towards the share that keeps both processes busy.
SHARE_STEP = 0.1
FIRST_SHARE = 1 / 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # \x01/\x02 are our snippet markers

# docs values, fts values, public words or None, stored facet values
Row = tuple[tuple, tuple, "set[str] | None", embedded_facets.Pairs]
# A rebuild's counts: public words → documents (did you mean), stems → documents (the rows FTS5
# finds for each stem: the bounds of maxscore).
Tally = tuple[Counter, Counter]


def connect(path: str, timeout: float, create: bool = False) -> apsw.Connection:
    """A connection to the index file, as every reader and writer opens it (autocommit:
    transactions are explicit; WAL is the file's own mode, set by the first connection). Only a
    rebuild creates the file (`create`): a missing index is an error, never an empty new one."""
    flags = apsw.SQLITE_OPEN_READWRITE | (apsw.SQLITE_OPEN_CREATE if create else 0)
    conn = apsw.Connection(path, flags=flags)
    conn.set_busy_timeout(int(timeout * 1000))
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _ts(value) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).timestamp()
    return None


def doc_values(doc: dict) -> tuple[tuple, str, str]:
    """A document's `docs` values (without version and facet), and its cleaned title and body:
    what the index stores of it."""
    title = _CONTROL.sub(" ", doc["title"] or "")
    body = _CONTROL.sub(" ", doc["body"] or "")
    when = doc.get("date")
    loc = doc.get("location") or (None, None)
    meta = (
        doc["key"], doc["kind"], title, doc["url"], when.isoformat() if when else None,
        _ts(when), when.year if when else None, doc.get("city") or "",
        doc.get("neighbourhood") or "", doc.get("forum_id"), doc.get("forum") or "",
        loc[0], loc[1], 1 if doc.get("is_public") else 0, _ts(doc.get("expire_at")),
    )  # fmt: skip
    return meta, title, body


def digest(meta: tuple, title: str, body: str) -> str:
    """A short digest of what the index stores of a document (`search_index status` compares
    the database's documents with the index's by it)."""
    return hashlib.blake2b(repr((meta, title, body)).encode(), digest_size=12).hexdigest()


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


def analysed(
    batch: list[tuple[int, dict]], version: int, tally: Tally
) -> list[tuple[int, tuple, tuple, list]]:
    """(id, docs values, fts values, facet values) of a batch of (id, document); public words
    and all stems counted in `tally`."""
    out = []
    vocabulary, stems = tally
    for doc_id, doc in batch:
        meta, fts_row, words, pairs = doc_rows(doc, version)
        out.append((doc_id, meta, fts_row, pairs))
        if words:
            vocabulary.update(words)
        stems.update(stems_of(fts_row))
    return out


class LoadFailed(Exception):
    """The rebuild could not be written (the message says why)."""


class Loader:
    """Analyses and stores a rebuild's documents, counting public words and stems.

    A small rebuild (one batch) stays in this process. A big one starts a writer process
    (spawned: it shares nothing) and splits the work over both cores: this process reads the
    documents, the writer stores all of them (SQLite tokenising there), and the analysis of
    each batch is shared: the writer's share grows when it has stored the last batch before
    the next is ready (it was idle), and shrinks when not (this process was). Reading a page
    costs more than reading a thread, analysing a thread more than a page: a fixed split left
    a core idle for a third of the time. Threads would not do: the writer would wait for the
    GIL on every row.
    """

    def __init__(self, path: str, timeout: float, run_here: Callable, version: int):
        self.path, self.timeout, self.version = path, timeout, version
        self.run_here = run_here  # runs fn(conn) in a transaction on this process's connection
        self.tally: Tally = (Counter(), Counter())
        self.batch: list[tuple[int, dict]] = []
        self.flushed = 0
        self.waiting = 0  # batches sent to the writer and not yet stored
        self.share = FIRST_SHARE  # of each batch, analysed by the writer
        self.process = None

    def add(self, doc_id: int, doc: dict) -> None:
        self.batch.append((doc_id, doc))
        if len(self.batch) >= BATCH:
            self._flush()

    def finish(self) -> Tally:
        """Store what is left and wait for the writer; the public words and the stems, with
        their document counts."""
        if self.batch:
            self._flush()
        self._stop()
        return self.tally

    def abort(self) -> None:
        with contextlib.suppress(LoadFailed):
            self._stop()

    def _flush(self) -> None:
        batch, self.batch = self.batch, []
        self.flushed += 1
        if self.flushed == 1:  # the first batch: here, no process for a small rebuild
            rows = analysed(batch, self.version, self.tally)
            self.run_here(lambda conn: insert_new(conn, rows))
            return
        if self.process is None:
            self._start()
        cut = round(len(batch) * self.share)
        message = (batch[:cut], analysed(batch[cut:], self.version, self.tally))
        self._hear()
        # Next time the writer analyses more if it has stored everything by now (it waited for
        # this batch), less if not (this process would wait for it).
        step = SHARE_STEP if self.waiting == 0 else -SHARE_STEP * self.waiting
        self.share = min(1.0, max(0.0, self.share + step))
        self.outgoing.put(message)
        self.waiting += 1

    def _hear(self) -> None:
        """Count the batches the writer has stored; if it failed (it says so at once) or a
        batch could not be sent to it, stop reading now (_stop raises LoadFailed)."""
        if self.send_failed.is_set():
            self._stop()
        try:
            while self.outbox.poll():
                message = self.outbox.recv()
                if message != STORED:
                    self._stop(said=message)  # raises LoadFailed with the writer's reason
                self.waiting -= 1
        except (OSError, EOFError):  # the writer died
            self._stop()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        receive_docs, inbox = ctx.Pipe(duplex=False)  # (receiving end, sending end)
        outbox, send_result = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_write,
            args=(self.path, self.timeout, self.version, receive_docs, send_result),
            name="search-rebuild-writer",
        )
        try:
            process.start()
        except BaseException:
            for end in (inbox, outbox):
                end.close()
            raise
        finally:
            receive_docs.close()  # the child's ends, closed here: a dead child reads as EOF
            send_result.close()
        self.process, self.inbox, self.outbox = process, inbox, outbox
        # Sent from a thread: a batch is megabytes, the pipe holds 64 kB, and this process has
        # the next batch to read meanwhile (the thread waits in the write, without the GIL).
        self.outgoing: queue.Queue = queue.Queue(maxsize=1)  # (and one in the pipe: enough)
        self.send_failed = threading.Event()
        self.sender = threading.Thread(
            target=_send_all, args=(self.outgoing, inbox, self.send_failed), daemon=True
        )
        self.sender.start()

    def _stop(self, said: tuple | None = None) -> None:
        """Tell the writer to finish, wait for it; its tally joins ours. `said`: its last
        message, if already received."""
        if self.process is None:
            return
        process, self.process = self.process, None
        error, tally = "the search rebuild's writer process stopped", (Counter(), Counter())
        self.outgoing.put(None)
        self.sender.join()
        if self.send_failed.is_set():
            self.inbox.close()  # a writer still waiting for a batch (or for None) reads EOF
        with contextlib.suppress(OSError, EOFError):
            while said is None or said == STORED:
                said = self.outbox.recv()
            error, tally = said
        if self.send_failed.is_set() and not error:  # (the writer stored all it was sent)
            error = "a batch could not be sent to the search rebuild's writer process"
        process.join()
        self.inbox.close()
        self.outbox.close()
        if error:
            raise LoadFailed(error)
        for mine, theirs in zip(self.tally, tally, strict=True):
            mine.update(theirs)


def _send_all(outgoing: queue.Queue, inbox, failed: threading.Event) -> None:
    """Send the queued messages to the writer, until None (sent too); if one cannot be sent
    (the writer is gone, a batch cannot be pickled…), say so and drop the rest: never stop
    taking them, or this process would wait on the queue for ever."""
    while True:
        message = outgoing.get()
        if not failed.is_set():
            try:
                inbox.send(message)
            except BaseException:
                failed.set()
        if message is None:
            return


STORED = "stored"  # the writer's word for one batch stored


def _next(inbox):
    """The parent's next message; None (stop) if it closed the pipe (it could not send)."""
    try:
        return inbox.recv()
    except EOFError:
        return None


def _write(path: str, timeout: float, version: int, inbox, outbox) -> None:
    """The writer process: batches from `inbox` until None. It sends STORED after each batch
    stored, and one last message: (error, empty tally) as soon as something fails (then only
    drains), or ("", its tally) at the end."""
    tally: Tally = (Counter(), Counter())
    error = ""
    try:
        conn = connect(path, timeout)
    except apsw.Error as exc:
        error = str(exc)
        outbox.send((error, (Counter(), Counter())))
    while (message := _next(inbox)) is not None:
        if error:
            continue  # drain until the parent, told already, sends None
        docs, rows = message  # documents to analyse here, and rows analysed by the parent
        try:
            rows = analysed(docs, version, tally) + rows
            conn.execute("BEGIN IMMEDIATE")
            try:
                insert_new(conn, rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")  # never keep the write lock from live updates
                raise
        except Exception as exc:  # any failure is reported to the parent, never lost
            error = f"{type(exc).__name__}: {exc}"
            outbox.send((error, (Counter(), Counter())))
        else:
            outbox.send(STORED)
    if not error:
        outbox.send(("", tally))
