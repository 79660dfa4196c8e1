"""Search engines: the embedded SQLite FTS5 index and Elasticsearch, behind one interface."""
