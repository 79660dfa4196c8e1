"""Wagtail's database search backend (admin search), with user text quoted for SQLite's FTS5.

modelsearch wraps each search term in double quotes for FTS5 but leaves a quote inside the term
as it is: a search for `"` or `il "tavolo"` in the admin's page explorer was an FTS5 syntax
error, a server error for the editor. FTS5 escapes a quote inside a string by doubling it."""

from __future__ import annotations

from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import PlainText


def _quoted(query):
    if isinstance(query, PlainText):
        text = query.query_string.replace('"', '""')
        return PlainText(text, operator=query.operator, boost=query.boost)
    return query


class QuotedSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(_quoted(query), config=config)


class QuotedAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(_quoted(query), config=config)


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The backend modelsearch picks for the database (PostgreSQL, SQLite FTS5 or fallback)."""
    backend = DatabaseSearchBackend(params)
    if isinstance(backend, SQLiteSearchBackend):
        backend.query_compiler_class = QuotedSearchQueryCompiler
        backend.autocomplete_query_compiler_class = QuotedAutocompleteQueryCompiler
    return backend
