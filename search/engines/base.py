"""The engine interface: what services.py asks of a search engine, and nothing more."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from search.params import SearchParams, SearchResults

# Docs and keys to apply to a new index just before it goes live (updates made meanwhile).
Replay = Callable[[], tuple[list[dict], list[str]]]
Progress = Callable[[int], None]
# Whether the site built the index carrying this build id (None: an index without one).
BuiltHere = Callable[[str | None], bool]
# The build id an index made by a first write carries, recorded by the site (one per site: two
# first writes at once get the same).
FirstBuild = Callable[[], str]
PROGRESS_EVERY = 1000  # a rebuild reports its count every this many documents, and at the end


@dataclass
class Rebuild:
    """What a rebuild reads: the documents and their version, `replay()` (the docs and keys
    changed meanwhile, applied to the new index just before it goes live), whom to tell the
    count, and `build_id`, stored in the index so the engine can tell the site's index from
    another (an old copy, another site's)."""

    docs: Iterable[dict]
    version: int
    replay: Replay = field(default=lambda: ([], []))
    progress: Progress | None = None
    build_id: str | None = None
    count: int = field(default=0, init=False)

    def counted(self) -> Iterator[dict]:
        """The documents, counted in `count`, the count reported every PROGRESS_EVERY."""
        for doc in self.docs:
            self.count += 1
            if self.progress and self.count % PROGRESS_EVERY == 0:
                self.progress(self.count)
            yield doc

    def done(self) -> int:
        """Report the final count, and return it."""
        if self.progress:
            self.progress(self.count)
        return self.count


class EngineUnavailable(Exception):
    """The engine cannot be reached or written now (down, slow, locked): try again later."""


class SearchOff(Exception):
    """The site runs without a search engine (SEARCH_ENGINE names the null engine)."""


class Engine(ABC):
    name = "engine"
    # False: the engine keeps no index (the null engine); the worker empties the outbox without
    # reading what changed, and status compares nothing.
    indexes = True
    # Whether the site built the index carrying a build id, for engines that can tell their
    # site's index from another (services sets it; both engines ask it), and the build id an
    # index made by a first write carries (Elasticsearch: no alias yet; services sets it).
    built_here: BuiltHere | None = None
    first_build: FirstBuild | None = None

    @classmethod
    def options(cls, settings: Any) -> dict[str, Any]:
        """The constructor's arguments, read from the site's settings (hashable values: one
        engine per distinct configuration). ImproperlyConfigured, saying what to set, when
        they cannot make this engine."""
        return {}

    @abstractmethod
    def index(self, docs: list[dict], version: int = 0) -> None:
        """Create or replace documents (by `key`), unless the stored version is newer."""

    @abstractmethod
    def delete(self, keys: list[str], version: int = 0) -> None:
        """Remove documents by key, unless the stored version is newer."""

    @abstractmethod
    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        """Ranked hits, total and facets, threads restricted to `forum_ids`."""

    @abstractmethod
    def suggest(self, q: str) -> str:
        """The query with unknown words replaced by public words one edit away, or ""."""

    @abstractmethod
    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        """Titles starting with the typed words: [{"title", "url", "kind"}]."""

    @abstractmethod
    def rebuild(self, build: Rebuild) -> int:
        """Build a new index from `build.docs`, apply `build.replay()`, switch to it atomically;
        the number of documents built."""

    @abstractmethod
    def status(self) -> dict:
        """{"engine", "documents": {kind: count}, ...}."""

    def fingerprints(self) -> dict[str, tuple[str, str]] | None:
        """Each indexed document's key → (kind, digest of its stored content); None when the
        engine cannot tell (`status` then compares counts only)."""
        return None

    def fingerprint(self, doc: dict) -> str:
        """The digest fingerprints() gives for `doc` once it is indexed."""
        raise NotImplementedError
