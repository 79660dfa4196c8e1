"""Wagtail's database search backend (admin search), with user text quoted for SQLite's FTS5.

modelsearch wraps each search term in double quotes for FTS5 but leaves a quote inside the term
as it is: a search for `"` or `il "tavolo"` in the admin's page explorer was an FTS5 syntax
error, a server error for the editor. FTS5 escapes a quote inside a string by doubling it.
Other databases (PostgreSQL) get modelsearch's backend as it is: its SQLite module may only be
imported on SQLite (it looks up a model that exists only there)."""

from __future__ import annotations

from functools import cache

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.query import PlainText


def _quoted(query):
    if isinstance(query, PlainText):
        text = query.query_string.replace('"', '""')
        return PlainText(text, operator=query.operator, boost=query.boost)
    return query


@cache
def _sqlite_compilers() -> tuple[type, type, type]:
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class QuotedSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_quoted(query), config=config)

    class QuotedAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_quoted(query), config=config)

    return SQLiteSearchBackend, QuotedSearchQueryCompiler, QuotedAutocompleteQueryCompiler


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend modelsearch picks for the database (PostgreSQL, SQLite FTS5 or fallback)."""
    backend = DatabaseSearchBackend(params)
    if type(backend).__module__.endswith(".sqlite.sqlite"):
        sqlite_backend, search_compiler, autocomplete_compiler = _sqlite_compilers()
        if isinstance(backend, sqlite_backend):
            backend.query_compiler_class = search_compiler
            backend.autocomplete_query_compiler_class = autocomplete_compiler
    return backend
