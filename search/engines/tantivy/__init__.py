"""The tantivy engine: tantivy's Rust index in a folder of its own, no server
(`TantivyEngine`, engine.py). Not the default: SEARCH_ENGINE=search.engines.tantivy.TantivyEngine.
"""

from search.engines.tantivy.engine import TantivyEngine

__all__ = ["TantivyEngine"]
