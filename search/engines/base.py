"""The engine interface: what services.py asks of a search engine, and nothing more."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
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
    def rebuild(
        self,
        docs: Iterable[dict],
        version: int,
        replay: Replay,
        progress: Progress | None,
        build_id: str | None = None,
    ) -> int:
        """Build a new index from `docs`, apply `replay()`, switch to it atomically. `build_id`
        names this build, stored in the index so the engine can tell the site's index from
        another (an old copy, another site's)."""

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
