"""The embedded engine: SQLite FTS5 in its own file, no server (`EmbeddedEngine`, engine.py).

The rebuild's writer process imports `load` and what it needs (no Django, no engine): the
engine is imported only when asked for, so importing a module of this package stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.engines.embedded.engine import EmbeddedEngine

__all__ = ["EmbeddedEngine"]


def __getattr__(name: str) -> Any:
    if name == "EmbeddedEngine":
        from search.engines.embedded.engine import EmbeddedEngine

        return EmbeddedEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
