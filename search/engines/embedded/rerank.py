"""The numbers the field-wise ranking (search/engines/fieldwise.py) reads, as FTS5 holds them:
`field_stats`, an FTS5 auxiliary function registered on each connection, gives a row's length
in each field, their averages over the index and each phrase's frequency in the stemmed title
and body, for the few rows the engine scores again (relevance.py). FTS5's bm25 normalises a row
by its whole length (title and every post) and so favours short threads whatever they say.

No Django, no SQL.
"""

from __future__ import annotations

from search.engines.fieldwise import Stats

# The fts table's columns read: the title as typed, the stemmed title, the stemmed body.
TYPED, TITLE, BODY = 0, 2, 3
COLUMNS = (TYPED, TITLE, BODY)
NAME = "tv_fields"  # the SQL name of field_stats


def field_stats(api, *_args) -> str:
    """FTS5 auxiliary function: the row's length in each of COLUMNS, their averages over the
    index, then each phrase's frequency in the stemmed title and body, space-separated."""
    rows = max(api.row_count, 1)
    out: list[float] = [api.column_size(c) for c in COLUMNS]
    out += [api.column_total_size(c) / rows for c in COLUMNS]
    for phrase in range(api.phrase_count):
        where = api.phrase_locations(phrase)
        out += [len(where[TITLE]), len(where[BODY])]
    return " ".join(map(str, out))


def parse(raw: str) -> Stats:
    """What field_stats said of one row (its phrases are the query's stems, in order)."""
    v, n = raw.split(), len(COLUMNS)
    tf = tuple((int(v[i]), int(v[i + 1])) for i in range(2 * n, len(v) - 1, 2))
    return Stats(tuple(map(float, v[:n])), tuple(map(float, v[n : 2 * n])), tf)
