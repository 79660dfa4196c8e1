"""The tantivy engine: tantivy's Rust index in a folder of its own, no server
(`TantivyEngine`, engine.py). Not the default: SEARCH_ENGINE=search.engines.tantivy.TantivyEngine.

The engine is imported only when asked for, so importing a module of this package stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.engines.tantivy.engine import TantivyEngine

__all__ = ["TantivyEngine"]


def __getattr__(name: str) -> Any:
    if name == "TantivyEngine":
        from search.engines.tantivy.engine import TantivyEngine

        return TantivyEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
