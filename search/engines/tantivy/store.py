"""Where the tantivy index lives: a folder holding one folder per build and `current`, a
symbolic link naming the live one.

A rebuild writes a new build folder beside the live one and renames a new link over `current`
(one rename: readers see the old index or the new one, never a half-built one). Readers check
the link and the live build's meta.json (tantivy rewrites it on every commit) before each
search, and reload when either changed: an update is findable on the next search after its
commit. Writers take tantivy's own lock on the build folder: one writer at a time, the worker
(or the rebuild); web processes only read.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import tantivy

from search.engines.base import BuiltHere, EngineUnavailable
from search.engines.tantivy.schema import LAYOUT, schema

CURRENT = "current"
FACTS = "tavolone.json"  # a build's layout and build id
KEPT = 2  # build folders kept: the live one and the one before (a reader may still be on it)
WRITE_HEAP = 50_000_000  # bytes for a worker's batch; a rebuild takes more
LOCK_WAIT = 2.0  # seconds a write waits for the other writer before "not available now"


class Shelf:
    """The index folder at `path`: the live build opened for reading, and writers."""

    def __init__(self, path: str, built_here: BuiltHere | None = None):
        self.root = Path(path)
        self.built_here = built_here
        self._lock = threading.Lock()
        self._open: tuple[str, tantivy.Index] | None = None  # (build folder, its index)
        self._seen: tuple | None = None  # meta.json's identity when last reloaded
        self._claimed: str | None = None  # the build folder found to be the site's

    # --- reading ----------------------------------------------------------------------------
    def live(self) -> Path:
        """The live build's folder; EngineUnavailable when there is none."""
        try:
            return self.root / os.readlink(self.root / CURRENT)
        except OSError:  # no link (no rebuild yet), or not a link
            raise EngineUnavailable(
                f"the search index at {self.root} is missing: run "
                "`python manage.py search_index rebuild`"
            ) from None

    def index(self) -> tantivy.Index:
        """The live index, reloaded if it changed since the last call."""
        return self._reload()[0]

    def reader(self) -> tuple[tantivy.Searcher, tuple]:
        """A searcher on the live index and that index version's identity (the build folder and
        its last commit): what is true of one version can be kept until the next."""
        index, version = self._reload()
        return index.searcher(), version

    def _reload(self) -> tuple[tantivy.Index, tuple]:
        folder = self.live()
        with self._lock:
            if self._open is None or self._open[0] != str(folder):
                self._check(folder)
                try:
                    self._open = (str(folder), tantivy.Index.open(str(folder)))
                except (OSError, ValueError) as exc:
                    raise EngineUnavailable(f"tantivy search index at {folder}: {exc}") from exc
                self._seen = None
            index = self._open[1]
            seen = _identity(folder / "meta.json")
            if seen != self._seen:
                index.reload()
                self._seen = seen
            return index, (str(folder), seen)

    def _check(self, folder: Path) -> None:
        """Refuse a build of another layout, or one the site did not build."""
        try:
            facts = json.loads((folder / FACTS).read_text())
        except (OSError, ValueError):
            facts = {}
        if facts.get("layout") != LAYOUT:
            raise EngineUnavailable(
                f"the search index at {self.root} was built by another version of Tavolone "
                f"(layout {facts.get('layout')}, this one reads {LAYOUT}): run "
                "`python manage.py search_index rebuild`"
            )
        found = facts.get("build")
        if self.built_here is None or self._claimed == str(folder):
            return
        if not self.built_here(found):
            raise EngineUnavailable(
                f"the search index at {self.root} is not the index this site built (build "
                f"{found}): run `python manage.py search_index rebuild`"
            )
        self._claimed = str(folder)

    # --- writing ----------------------------------------------------------------------------
    def writer(self, index: tantivy.Index, heap: int = WRITE_HEAP) -> tantivy.IndexWriter:
        """A writer on `index`, once the other writer (if any) has let go."""
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return index.writer(heap_size=heap, num_threads=1)
            except ValueError as exc:
                if time.monotonic() > deadline:
                    raise EngineUnavailable(f"tantivy search index at {self.root}: {exc}") from exc
                time.sleep(0.05)

    def new_build(self) -> tuple[Path, tantivy.Index]:
        """An empty index in a new build folder (the folder holds nothing else yet)."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f"build-{time.time_ns()}"
        folder.mkdir()
        return folder, tantivy.Index(schema(), path=str(folder), reuse=False)

    def switch(self, folder: Path, build_id: str | None) -> None:
        """Make `folder` the live build (one rename), then drop the builds before the last."""
        (folder / FACTS).write_text(json.dumps({"layout": LAYOUT, "build": build_id}))
        link = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        link.unlink(missing_ok=True)
        os.symlink(folder.name, link)
        os.replace(link, self.root / CURRENT)
        self._claimed = str(folder)  # the site's: it records this build as it returns
        builds = sorted(p for p in self.root.glob("build-*") if p.is_dir())
        for old in builds[: builds.index(folder) + 1][:-KEPT]:
            shutil.rmtree(old, ignore_errors=True)


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
