"""The soak's faults, done to the processes staging started (.ci/staging.py records them by name
in var/staging/pids.json): SIGKILL one gunicorn worker, SIGKILL and restart the background
worker(s), and make the embedded search index (tantivy's folder or FTS5's file) unavailable for a
while.

Everything is read from the processes themselves (/proc: command line, environment, directory),
so the soak follows whatever background processes staging runs, one or two.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

FRONT = ("gunicorn", "varnish", "nginx")  # every other name in pids.json is a background process


class Staging:
    def __init__(self, state: Path) -> None:
        self.state = state
        self.pids_path = state / "pids.json"
        if not self.pids_path.exists():
            raise SystemExit(f"soak: staging is not up ({self.pids_path} missing)")
        self.lock = threading.Lock()

    def pids(self) -> dict[str, int]:
        return json.loads(self.pids_path.read_text())

    def env(self) -> dict[str, str]:
        """The site's environment, as gunicorn runs it."""
        return _environ(self.pids()["gunicorn"])

    def background(self) -> list[str]:
        return [name for name in self.pids() if name not in FRONT]

    def web_workers(self) -> list[int]:
        master = self.pids()["gunicorn"]
        return [pid for pid in _all_pids() if _ppid(pid) == master]

    def kill_web_worker(self) -> int:
        """SIGKILL the gunicorn worker with the lowest pid (its master starts another)."""
        workers = sorted(self.web_workers())
        if not workers:
            raise SystemExit("soak: gunicorn has no workers to kill")
        os.kill(workers[0], signal.SIGKILL)
        return workers[0]

    def kill_background(self) -> dict[str, dict]:
        """SIGKILL every background process (its whole process group); what restart() needs."""
        killed = {}
        for name in self.background():
            pid = self.pids()[name]
            killed[name] = {
                "argv": _cmdline(pid),
                "env": _environ(pid),
                "cwd": os.readlink(f"/proc/{pid}/cwd"),
                "pid": pid,
            }
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _wait_gone(pid)
        return killed

    def restart(self, killed: dict[str, dict]) -> dict[str, int]:
        """Start each killed process again as staging did, and record its new pid."""
        started = {}
        for name, how in killed.items():
            log = open(self.state / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (child keeps it)
            proc = subprocess.Popen(  # noqa: S603 (staging's own command line)
                how["argv"],
                cwd=how["cwd"],
                env=how["env"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            started[name] = proc.pid
        with self.lock:
            pids = self.pids()
            pids.update(started)
            tmp = self.pids_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(pids))
            tmp.replace(self.pids_path)  # `staging.py down` stops the new ones
        return started


class TantivyOutage:
    """The tantivy index unavailable: `lock` holds its writer's lock (the worker's writes wait
    a moment, then fail and are retried later; searches go on); `move` takes its folder away
    and puts it back (every process finds no index: searches answer 503, writes fail); `both`
    does both: the lock is taken on the live build first, and released after it is back."""

    LOCK_WAIT = 10.0  # seconds to wait for the worker to let go of the lock (a write in hand)

    def __init__(self, path: str, mode: str) -> None:
        self.path, self.mode = Path(path), mode
        self._writer = None  # tantivy.IndexWriter: holding it holds the lock

    def begin(self) -> None:
        if self.mode in ("lock", "both"):
            import tantivy  # (the site's dependency; only this fault needs it)

            index = tantivy.Index.open(str(self.path / "current"))
            deadline = time.monotonic() + self.LOCK_WAIT
            while self._writer is None:
                try:
                    self._writer = index.writer(heap_size=15_000_000, num_threads=1)
                except ValueError:  # the worker writes right now
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        if self.mode in ("move", "both"):
            self.path.rename(self._away())

    def _away(self) -> Path:
        return self.path.with_name(self.path.name + ".away")

    def end(self) -> dict:
        """Undo it; report whether the site made a folder in the index's place meanwhile (only
        a rebuild may: the real one replaces it)."""
        found = {}
        if self.mode in ("move", "both"):
            found["stray_index_created"] = self.path.exists()
            if self.path.exists():
                shutil.rmtree(self.path)
            self._away().rename(self.path)
        if self._writer is not None:
            self._writer.wait_merging_threads()  # lets go of the lock, nothing written
            self._writer = None
        return found


class Outage:
    """The FTS5 index unavailable: `lock` holds SQLite's write lock on it (writes to the
    index wait, then fail); `move` takes the file (and its -wal, -shm) away and puts it back (a
    connection opened meanwhile finds no index); `both` does both: the lock is taken on the
    real file first, and released after it is back (every process shares its -shm)."""

    def __init__(self, path: str, mode: str) -> None:
        self.path, self.mode = Path(path), mode
        self._conn: sqlite3.Connection | None = None

    def _files(self) -> list[Path]:
        return [self.path.with_name(self.path.name + s) for s in ("", "-wal", "-shm")]

    def begin(self) -> None:
        if self.mode in ("lock", "both"):
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            self._conn.execute("BEGIN EXCLUSIVE")
        if self.mode in ("move", "both"):
            for f in self._files():
                if f.exists():
                    f.rename(f.with_name(f.name + ".away"))

    def end(self) -> dict:
        """Undo it; report what the site made meanwhile (a file recreated in the index's place
        is a stray index: moving the real one back replaces it, and what was written to it)."""
        found = {}
        if self.mode in ("move", "both"):
            stray = self.path.exists()
            found["stray_index_created"] = stray
            for f in self._files():
                away = f.with_name(f.name + ".away")
                if away.exists():
                    away.replace(f)
                elif f.exists():  # a -wal/-shm of the stray file with no counterpart
                    f.unlink()
        if self._conn is not None:
            self._conn.execute("COMMIT")
            self._conn.close()
        return found


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def _ppid(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    return int(stat.rsplit(")", 1)[1].split()[1])


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().rstrip("\0").split("\0")


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def _wait_gone(pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # ours if the soak started staging itself
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.05)
