"""The null engine: a site without search (SEARCH_ENGINE = "search.engines.null.NullEngine").

Searching raises SearchOff (the views say search is turned off); autocomplete and did you mean
answer nothing; the worker empties the outbox without writing anything (`indexes = False`).
"""

from __future__ import annotations

from search.engines.base import Engine, Rebuild, SearchOff
from search.params import SearchParams, SearchResults


class NullEngine(Engine):
    name = "none"
    indexes = False

    def index(self, docs: list[dict], version: int = 0) -> None:
        pass

    def delete(self, keys: list[str], version: int = 0) -> None:
        pass

    def search(self, params: SearchParams, forum_ids: list[int]) -> SearchResults:
        raise SearchOff("search is turned off on this site (SEARCH_ENGINE names the null engine)")

    def suggest(self, q: str) -> str:
        return ""

    def autocomplete(self, prefix: str, forum_ids: list[int], limit: int) -> list[dict]:
        return []

    def rebuild(self, build: Rebuild) -> int:
        return 0  # nothing to build: the documents are not even read

    def status(self) -> dict:
        return {"engine": "none (search is turned off)", "documents": {}}
