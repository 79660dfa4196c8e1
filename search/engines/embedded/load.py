"""The embedded engine's rebuild loader: analyses and stores every document into the new
tables, over two processes for a big rebuild.

No Django here: the loader's writer process imports only this module, write.py, schema.py,
`search.text`, apsw and the standard library.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from collections import Counter
from collections.abc import Callable

import apsw

from search.engines.embedded.schema import connect
from search.engines.embedded.write import doc_rows, insert_new, stems_of

BATCH = 1000  # documents per rebuild transaction
# How much of each batch the writer analyses (it also stores every batch) moves by this step
# after each batch, towards the share that keeps both processes busy.
SHARE_STEP = 0.1
FIRST_SHARE = 1 / 3
# A rebuild's counts: public words → documents (did you mean), stems → documents (the rows FTS5
# finds for each stem: the bounds of maxscore).
Tally = tuple[Counter, Counter]


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
