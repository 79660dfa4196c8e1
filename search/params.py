"""Search parameters (validated user input) and results: the values every engine speaks."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

KINDS = ("space", "news", "thread", "person")
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
        p.kind = _clean(get("kind")).strip().lower()
        if p.kind and p.kind not in KINDS:
            raise BadSearchInput(_("kind must be one of: space, news, thread, person."))
        p.city = _clean(get("city")).strip()[:80]
        p.forum = _int(get("forum"), "forum", 1, 2**31)
        p.year = _int(get("year"), "year", 1900, 2200)
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
