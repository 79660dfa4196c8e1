# SQL is assembled only from constant table/column names; every value is a bound parameter.
# ruff: noqa: S608
"""The embedded engine's facets from the registry (search/facets.py).

The fixed ones (kind, city, forum, year) are columns of `docs`, counted through the `facets`
table of their combinations (engine.py). Every other facet lives in `facet_values`: one row
per (document, facet, value), so a multi-valued facet (a space's amenities, a person's skills)
is stored, filtered (chosen values AND-ed) and counted with no code of its own.

No Django models here: the rebuild's writer process imports this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from search import facets as registry
from search.params import Facet, SearchParams

# Keyed by document first: a document's rows are deleted and counted through the primary key.
SCHEMA = """
CREATE TABLE IF NOT EXISTS {facet_values} (
    doc INTEGER NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (doc, facet, value)
) WITHOUT ROWID;
"""
Pairs = list[tuple[str, str]]  # (facet, value)


def pairs(doc: dict) -> Pairs:
    """A document's stored facet values."""
    return registry.doc_values(doc)


def store(conn, table: str, rows: list[tuple[int, Pairs]]) -> None:
    """Write each (document id, pairs)."""
    conn.executemany(
        f"INSERT OR IGNORE INTO {table} (doc, facet, value) VALUES (?, ?, ?)",
        [(doc_id, facet, value) for doc_id, doc_pairs in rows for facet, value in doc_pairs],
    )


def forget(conn, table: str, doc_id: int) -> None:
    conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))


def column_filters(p: SearchParams, args: dict) -> str:
    """The fixed facets' filters on `docs d`."""
    sql = ""
    for facet in registry.FACETS:
        value = getattr(p, facet.name, None) if facet.column else None
        if value:
            collate = " COLLATE NOCASE" if facet.caseless else ""
            sql += f" AND d.{facet.field} = :{facet.name}{collate}"
            args[facet.name] = value
    return sql


def value_filters(p: SearchParams, args: dict) -> str:
    """Each chosen value of a stored facet: the document must hold it (AND)."""
    sql = ""
    for facet in registry.STORED:
        for i, value in enumerate(p.chosen.get(facet.name, ())):
            name = f"fv_{facet.name}_{i}"
            sql += (
                f" AND EXISTS (SELECT 1 FROM facet_values v WHERE v.doc = d.id AND "
                f"v.facet = '{facet.name}' AND v.value = :{name})"
            )
            args[name] = value
    return sql


def counts(
    read: Callable[[str, dict], list], source: str, args: dict, kinds: Mapping[str, int]
) -> dict[str, list[Facet]]:
    """The stored facets' values among the matches of `source`, by count; labelled with their
    values (services labels them from the registry's vocabularies). `kinds`: the matches per
    kind; with none of a kind that carries a stored facet, nothing is read (a common word's
    twenty thousand threads are not looked at twice)."""
    carried = {k for f in registry.STORED for k in f.kinds or kinds}
    wanted = sorted(k for k in carried if kinds.get(k))
    if not wanted:
        return {}
    out: dict[str, list[Facet]] = {}
    rows = read(
        "SELECT v.facet, v.value, count(*) FROM (SELECT d.id FROM "
        f"{source} AND d.kind IN (SELECT value FROM json_each(:fv_kinds))) AS m "
        "JOIN facet_values v ON v.doc = m.id GROUP BY v.facet, v.value",
        {**args, "fv_kinds": json.dumps(wanted)},
    )
    for facet, value, n in rows:
        out.setdefault(facet, []).append(Facet(value, value, n))
    return out
