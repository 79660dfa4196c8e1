"""Search parameters (validated user input) and results: the values every engine speaks."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from search import facets as registry
from search.facets import MULTI

SORTS = ("relevance", "newest")
PER_PAGE = 10
MAX_PAGE = 1000  # deeper pages are never useful and cost the engines
MAX_QUERY_CHARS = 300


class BadSearchInput(ValueError):
    """User input that cannot be searched: the views answer 400 with this message."""


@dataclass
class SearchParams:
    q: str = ""
    kind: str = ""
    city: str = ""
    forum: int | None = None
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    near: tuple[float, float] | None = None
    near_label: str = ""  # what the user typed (a city name or "lat,lon")
    # Multi-valued facets (search.facets): the values chosen, in the order given, AND-ed.
    chosen: dict[str, list[str]] = field(default_factory=dict)
    per_page: int = PER_PAGE
    notes: list[str] = field(default_factory=list)  # explanations shown with the results

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def parse(cls, data: dict[str, Any] | SearchParams) -> SearchParams:
        """Clean a query dict (request.GET or a plain dict); BadSearchInput on what can't be."""
        if isinstance(data, SearchParams):
            return data
        get = data.get
        p = cls()
        q = _clean(get("q"))
        if len(q) > MAX_QUERY_CHARS:
            q = q[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
            p.notes.append(_("Your query was long: only its first words were searched."))
        p.q = q.strip()
        for facet in registry.FACETS:
            _parse_facet(p, facet, data)
        p.sort = _clean(get("sort")).strip().lower() or "relevance"
        if p.sort not in SORTS:
            raise BadSearchInput(_("sort must be relevance or newest."))
        p.page = _int(get("page"), "page", 1, None) or 1
        if p.page > MAX_PAGE:
            raise BadSearchInput(_("page must be between 1 and %(max)s.") % {"max": MAX_PAGE})
        near = _clean(get("near")).strip()[:100]
        if near:
            p.near_label = near
            p.near = parse_point(near)
        return p


def _parse_facet(p: SearchParams, facet: registry.FacetDef, data: Any) -> None:
    """One facet's parameter, as the registry describes it."""
    raw = data.get(facet.name)
    if facet.value == registry.INTEGER:
        setattr(p, facet.name, _int(raw, facet.name, facet.low, facet.high))
    elif facet.value == MULTI:
        values = _many(data, facet.name)
        if len(values) > registry.MAX_CHOSEN:
            raise BadSearchInput(
                _("%(name)s: choose at most %(n)s values.")
                % {"name": facet.name, "n": registry.MAX_CHOSEN}
            )
        if values:
            p.chosen[facet.name] = values
    else:
        value = _clean(raw).strip()[: registry.MAX_VALUE_CHARS]
        if facet.choices:
            value = value.lower()
            if value and value not in facet.choices:
                raise BadSearchInput(
                    _("%(name)s must be one of: %(values)s.")
                    % {"name": facet.name, "values": ", ".join(facet.choices)}
                )
        setattr(p, facet.name, value)


def _many(data: Any, name: str) -> list[str]:
    """Every value of a repeated parameter (?amenity=a&amenity=b, or a list in a plain dict),
    cleaned, each once, empty ones dropped; a value longer than any we hold is cut (it then
    matches nothing and is reported as unknown)."""
    if hasattr(data, "getlist"):
        raw = data.getlist(name)
    else:
        raw = data.get(name)
        raw = raw if isinstance(raw, list | tuple) else [raw]
    values = (str(v or "").replace("\x00", "").strip()[: registry.MAX_VALUE_CHARS] for v in raw)
    return list(dict.fromkeys(v for v in values if v))


def parse_point(text: str) -> tuple[float, float] | None:
    """ "lat,lon" → a point (BadSearchInput when out of range); anything else → None (a place)."""
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        raise BadSearchInput(_("near: latitude must be within ±90 and longitude within ±180."))
    return lat, lon


def _clean(value: Any) -> str:
    if isinstance(value, list):  # QueryDict.dict() keeps the last; plain lists from the API
        value = value[-1] if value else ""
    return str(value or "").replace("\x00", "")


def _int(value: Any, name: str, low: int, high: int | None) -> int | None:
    text = _clean(value).strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise BadSearchInput(_("%(name)s must be a whole number.") % {"name": name}) from None
    if number < low or (high is not None and number > high):
        raise BadSearchInput(_("%(name)s is out of range.") % {"name": name})
    return number


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet_html: str  # escaped text with <mark> around matches: safe to output as is
    date: date | datetime | None = None
    distance_km: float | None = None
    city: str = ""
    forum: str = ""
    score: float = 0.0
    title_html: str = ""  # the escaped title with <mark> around matches

    @property
    def distance(self) -> float | None:
        return self.distance_km

    @property
    def kind_label(self) -> str:
        return str(registry.KIND_LABELS.get(self.kind, ("", self.kind))[1])


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    params: SearchParams
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str = ""  # "did you mean": a corrected query, or ""
    took_ms: float = 0.0

    @property
    def page(self) -> int:
        return self.params.page

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    def as_dict(self) -> dict[str, Any]:
        """The JSON API's shape (docs/api.md)."""
        p = self.params
        return {
            "query": {
                "q": p.q,
                "kind": p.kind,
                "city": p.city,
                "forum": p.forum,
                "year": p.year,
                "sort": p.sort,
                "page": p.page,
                "near": list(p.near) if p.near else None,
                **{f.name: p.chosen.get(f.name, []) for f in registry.STORED if f.value == MULTI},
            },
            "total": self.total,
            "page": p.page,
            "pages": self.pages,
            "per_page": p.per_page,
            "suggestion": self.suggestion,
            "notes": [str(n) for n in p.notes],
            "hits": [
                {
                    **{k: v for k, v in asdict(h).items() if k not in ("date", "score")},
                    "date": h.date.isoformat() if h.date else None,
                }
                for h in self.hits
            ],
            "facets": {name: [asdict(f) for f in values] for name, values in self.facets.items()},
        }
