"""The tantivy engine: tantivy's Rust index in a folder of its own, no server
(`TantivyEngine`, engine.py). The default engine when neither SEARCH_ENGINE nor
ELASTICSEARCH_URL is set (search.services.DEFAULT).
"""

from search.engines.tantivy.engine import TantivyEngine

__all__ = ["TantivyEngine"]
