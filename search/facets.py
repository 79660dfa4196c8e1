"""The facets, declared once: what a result can be filtered by and what the sidebar counts.

Parameters (search/params.py), both engines (embedded/facets.py, elastic_query.py), the index
mappings (documents.py), the views and templates/search/search.html read this registry. A new
facet is a `FacetDef` below plus its values in the documents search/sources.py produces
(`doc["facets"][name]`): the engines store, filter and count it with no code of their own.

No app is imported: the engines read this, and the embedded engine's writer process too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KEYWORD, INTEGER, MULTI = "keyword", "integer", "multi"
# At most this many values of one multi-valued facet per search (they combine with AND).
MAX_CHOSEN = 10
MAX_VALUE_CHARS = 80


@dataclass(frozen=True)
class FacetDef:
    name: str  # the URL parameter, the key in results.facets and in the API's "facets"
    field: str  # the document's field (search.sources) and the Elasticsearch field
    value: str  # KEYWORD, INTEGER or MULTI (several values per document; chosen ones AND-ed)
    label: Promise  # the sidebar's heading
    kinds: tuple[str, ...] = ()  # the result kinds that carry it; () = every kind
    ordering: str = "count"  # values by "count" (then label), or by "label"
    # One of the index's own columns (kind, city, forum, year: both engines' fixed layout).
    # Any other facet lives in the engines' generic store of facet values.
    column: bool = False
    low: int = 0  # INTEGER: the accepted range
    high: int = 0
    choices: tuple[str, ...] = ()  # KEYWORD: the only accepted values, if any
    # MULTI: the function of search.sources giving value → label in the active language, read
    # at query time (what editors manage); a chosen value missing from it is ignored with a note.
    vocabulary: str = ""
    caseless: bool = False  # KEYWORD: matched whatever the case


KINDS = ("space", "news", "thread", "person")
FACETS: tuple[FacetDef, ...] = (
    FacetDef("kind", "kind", KEYWORD, _("Kind"), column=True, choices=KINDS),
    FacetDef("city", "city", KEYWORD, _("City"), column=True, caseless=True),
    FacetDef(
        "forum", "forum_id", INTEGER, _("Forum"), kinds=("thread",), column=True, low=1,
        high=2**31,
    ),
    FacetDef("year", "year", INTEGER, _("Year"), column=True, low=1900, high=2200),
    FacetDef(
        "amenity", "amenity", MULTI, _("Amenities"), kinds=("space",), vocabulary="amenity_labels"
    ),
    FacetDef("skill", "skill", MULTI, _("Skills"), kinds=("person",), vocabulary="skill_labels"),
)  # fmt: skip
BY_NAME = {f.name: f for f in FACETS}
# Those kept in the engines' generic store of values (not a fixed column).
STORED = tuple(f for f in FACETS if not f.column)
# The labels of the kinds, as the sidebar and the result badges show them.
KIND_LABELS = {
    "space": (_("Spaces"), _("Space")),
    "news": (_("News"), _("News")),
    "thread": (_("Threads"), _("Thread")),
    "person": (_("Coworkers"), _("Coworker")),
}


def carries(facet: FacetDef, kind: str) -> bool:
    """Whether results of `kind` carry `facet`: both engines count a facet over its kinds only
    (a members-only profile's audience, stored as its forum id, is no forum)."""
    return not facet.kinds or kind in facet.kinds


def doc_values(doc: dict) -> list[tuple[str, str]]:
    """(facet, value) pairs of a document's stored facets (search.sources' `facets`), each
    value once."""
    given = doc.get("facets") or {}
    return [
        (f.name, value)
        for f in STORED
        for value in dict.fromkeys(map(str, given.get(f.name) or ()))
    ]


def sort_values(facet: FacetDef, values: list) -> list:
    """Facet values (params.Facet) in the facet's order."""
    if facet.ordering == "label":
        return sorted(values, key=lambda v: (v.label.casefold(), -v.count))
    return sorted(values, key=lambda v: (-v.count, v.label))
