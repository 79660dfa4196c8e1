"""Search engines behind one interface (base.py): the embedded SQLite FTS5 index (embedded/),
Elasticsearch (elastic*.py) and the null engine of a site without search (null.py)."""
