"""The visitor listings behind the directory, the news index and the home page.

Each builds a fixed number of queries whatever the number of items (prefetches, no per-item
lookups), and turns bad query-string values into explanations instead of errors.
"""

from __future__ import annotations

import heapq
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Page

from community.models import (
    NEARBY_STEPS_KM,
    Amenity,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    SpaceGalleryImage,
    SpaceIndexPage,
    SpacePage,
    visible,
)
from tavolone.lib.geo import box_around, haversine_km
from tavolone.pagecache.memo import remembered
from tavolone.pagecache.policy import SPACES

SPACES_PER_PAGE = 12
NEWS_PER_PAGE = 10
MAX_FILTER_VALUES = 20


def _shown(value: str) -> str:
    """A visitor's value, shortened for an explanation (the template escapes it)."""
    return Truncator(value).chars(40)


def paginate(items: QuerySet, request: HttpRequest, per_page: int) -> tuple[PaginatorPage, str]:
    """The requested page of `items`, or the nearest real one with a word about why."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        return paginator.page(1), _("“%(page)s” is not a page number: showing page 1.") % {
            "page": _shown(raw)
        }
    if number < 1:
        return paginator.page(1), _("Pages start at 1: showing page 1.")
    if number > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), _("There is no page %(page)s: showing page %(last)s.") % {
            "page": _shown(raw),
            "last": last,
        }
    return paginator.page(number), ""


def with_cards(spaces: QuerySet) -> QuerySet:
    """Prefetch what a space card shows: amenities and the first photo with its renditions."""
    images = SpaceGalleryImage.objects.select_related("image").prefetch_related(
        Prefetch("image__renditions")
    )
    return spaces.prefetch_related("amenities", Prefetch("gallery_images", queryset=images))


def map_points(spaces: QuerySet, request: HttpRequest) -> list[dict[str, Any]]:
    """Pins for Leaflet, embedded with json_script (escaped for a <script> element).

    Plain rows, not pages: a Page instance and its get_url() per pin are slow at thousands of
    spaces (docs/benchmarks.md, "History"). A space is served at its parent's URL plus its slug
    (Wagtail routes by path and SpacePage does not reroute), so Wagtail computes only the
    parents' URLs.
    """
    rows = [
        (url_path[: -len(slug) - 1], slug, title, neighbourhood, lat, lon)  # parent's path first
        for title, slug, url_path, neighbourhood, lat, lon in spaces.filter(
            latitude__isnull=False, longitude__isnull=False
        ).values_list("title", "slug", "url_path", "neighbourhood", "latitude", "longitude")
    ]
    parent_urls = {
        parent.url_path: parent.get_url(request)
        for parent in Page.objects.filter(url_path__in={row[0] for row in rows})
    }
    return [
        {
            "title": title,
            "url": _child_url(parent_urls[parent], slug),
            "neighbourhood": neighbourhood,
            "lat": float(lat),
            "lon": float(lon),
        }
        for parent, slug, title, neighbourhood, lat, lon in rows
        if parent_urls.get(parent)  # (a parent that has no URL: no pin)
    ]


def _child_url(parent_url: str, slug: str) -> str:
    slash = "/" if parent_url.endswith("/") else ""  # (WAGTAIL_APPEND_SLASH)
    return f"{parent_url.rstrip('/')}/{slug}{slash}"


def index_listing(index: SpaceIndexPage | NewsIndexPage, request: HttpRequest) -> dict[str, Any]:
    """What an index page lists for the visitor (community/pages.py: IndexPage)."""
    build = space_directory if isinstance(index, SpaceIndexPage) else news_listing
    return build(index, request)


def _vocabulary(index: SpaceIndexPage, base) -> tuple[list[tuple[str, str]], list[Amenity]]:
    """The directory's filters, the same for every viewer: its spaces' places and every
    amenity, remembered until a space or an amenity changes (both bump SPACES)."""

    def read():
        return sorted(set(base.values_list("city", "neighbourhood"))), list(Amenity.objects.all())

    return remembered(f"space-directory-vocabulary:{index.pk}", (SPACES,), read)


def space_directory(index: SpaceIndexPage, request: HttpRequest) -> dict[str, Any]:
    """Spaces filtered by city, neighbourhood and amenities (all must match), paginated."""
    base = visible(SpacePage.objects.child_of(index))
    places, amenities = _vocabulary(index, base)
    cities = sorted({c for c, _n in places if c})
    problems: list[str] = []
    spaces, chosen = base, {}

    city = request.GET.get("city", "").strip()
    if city:
        match = {c.casefold(): c for c in cities}.get(city.casefold())
        if match:
            spaces, chosen["city"] = spaces.filter(city=match), match
        else:
            problems.append(
                _("No space in “%(v)s”: the city filter is ignored.") % {"v": _shown(city)}
            )
    known_hoods = {n.casefold(): n for c, n in places if n and c == chosen.get("city", c)}
    hood = request.GET.get("neighbourhood", "").strip()
    if hood:
        match = known_hoods.get(hood.casefold())
        if match:
            spaces, chosen["neighbourhood"] = spaces.filter(neighbourhood=match), match
        else:
            problems.append(
                _("No space in the neighbourhood “%(v)s”: that filter is ignored.")
                % {"v": _shown(hood)}
            )
    by_slug = {a.slug: a for a in amenities}
    wanted = request.GET.getlist("amenity")
    if len(wanted) > MAX_FILTER_VALUES:
        problems.append(
            _("Too many amenities asked for: only the first %(n)s are used.")
            % {"n": MAX_FILTER_VALUES}
        )
    chosen["amenity"] = []
    for slug in dict.fromkeys(wanted[:MAX_FILTER_VALUES]):
        if slug in by_slug:
            spaces = spaces.filter(amenities=by_slug[slug])
            chosen["amenity"].append(slug)
        elif slug:
            problems.append(_("Unknown amenity “%(v)s”: it is ignored.") % {"v": _shown(slug)})

    spaces = spaces.order_by("title")
    page, page_problem = paginate(with_cards(spaces), request, SPACES_PER_PAGE)
    if page_problem:
        problems.append(page_problem)
    view = "map" if request.GET.get("view") == "map" else "list"
    return {
        "spaces": page,
        "space_count": page.paginator.count,
        "cities": cities,
        "neighbourhoods": sorted(set(known_hoods.values())),
        "amenities": amenities,
        "chosen": chosen,
        "problems": problems,
        "view": view,
        "filter_query": urlencode({k: v for k, v in chosen.items() if v}, doseq=True),
        "map_points": map_points(spaces, request),
    }


def news_cards(news: QuerySet) -> QuerySet:
    return news.select_related("author").prefetch_related("tags")


def news_listing(index: NewsIndexPage, request: HttpRequest) -> dict[str, Any]:
    """Live articles, newest first, filtered by ?tag= and ?space=, paginated."""
    # Every article is a child of the one news index (max_count = 1, parent_page_types): all
    # articles, not child_of(), whose `path LIKE` makes SQLite sort every article per page.
    base = visible(NewsPage.objects.all())
    articles, problems = base, []
    tag = space = None
    tag_slug = request.GET.get("tag", "").strip()
    if tag_slug:
        tag = Tag.objects.filter(
            slug=tag_slug[:100], community_newspagetag_items__isnull=False
        ).first()
        if tag:
            articles = articles.filter(tags=tag)
        else:
            problems.append(
                _("No article is tagged “%(v)s”: showing all.") % {"v": _shown(tag_slug)}
            )
    space_slug = request.GET.get("space", "").strip()
    if space_slug:
        space = (
            visible(SpacePage.objects.filter(slug=space_slug[:255])).only("title", "slug").first()
        )
        if space:
            articles = articles.filter(related_spaces=space)
        else:
            problems.append(
                _("No space “%(v)s”: showing all articles.") % {"v": _shown(space_slug)}
            )
    articles = news_cards(articles.order_by("-date", "-pk"))
    page, page_problem = paginate(articles, request, NEWS_PER_PAGE)
    if page_problem:
        problems.append(page_problem)
    # A dozen tags, each checked for one visible article: not a join of every tagged article.
    tags = Tag.objects.filter(
        Exists(NewsPageTag.objects.filter(tag=OuterRef("pk"), content_object__in=base))
    )
    # The space filter's choices: the visible spaces some visible article is about. A list of
    # ids, not EXISTS per space: SQLite read every visible article again for each space.
    about = NewsPage.related_spaces.through.objects.filter(newspage__in=base)
    spaces = visible(SpacePage.objects.filter(pk__in=about.values("spacepage_id")))
    spaces = spaces.only("title", "slug")
    chosen = {k: v for k, v in (("tag", tag and tag.slug), ("space", space and space.slug)) if v}
    return {
        "articles": page,
        "tag": tag,
        "space": space,
        "all_tags": tags.order_by("name"),
        "all_spaces": spaces.order_by("title"),
        "problems": problems,
        "filter_query": urlencode(chosen),
    }


def featured_and_map(home, request: HttpRequest, limit: int = 6) -> dict[str, Any]:
    """The home page's spaces: the editors' picks first, topped up alphabetically."""
    spaces = visible(SpacePage.objects.all())
    picked = list(
        spaces.filter(home_features__page=home)
        .order_by("home_features__sort_order")
        .values_list("pk", flat=True)[:limit]
    )
    if len(picked) < limit:
        rest = spaces.exclude(pk__in=picked).order_by("title").values_list("pk", flat=True)
        picked += list(rest[: limit - len(picked)])
    # Ids first, then the cards of all of them at once: one prefetch, not one per source.
    cards = {space.pk: space for space in with_cards(SpacePage.objects.filter(pk__in=picked))}
    return {
        "featured_spaces": [cards[pk] for pk in picked if pk in cards],
        "map_points": map_points(spaces, request),
    }


def nearby_spaces(space: SpacePage, limit: int = 3) -> list[tuple[SpacePage, float]]:
    """The closest other visible spaces to `space`, with their distance in km."""
    if not space.has_location:
        return []
    # Coordinates as plain rows, pages only for the closest, and first only from a box
    # around here: building a page per space costs more than the rest of the page.
    located = (
        visible(SpacePage.objects.exclude(pk=space.pk))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("pk", "latitude", "longitude")
    )
    here = (float(space.latitude), float(space.longitude))
    for radius in (*NEARBY_STEPS_KM, None):
        box = box_around(*here, radius) if radius else None
        rows = located
        if box:
            rows = located.filter(latitude__range=box[:2], longitude__range=box[2:])
        closest = heapq.nsmallest(
            limit, ((haversine_km(*here, float(lat), float(lon)), pk) for pk, lat, lon in rows)
        )
        # Exact: the box holds every space within `radius`; `limit` of them are that close.
        if not box or (len(closest) == limit and closest[-1][0] <= radius):
            break
    pages = SpacePage.objects.only(
        "title", "slug", "url_path", "neighbourhood", "latitude", "longitude"
    ).in_bulk([pk for _, pk in closest])
    return [(pages[pk], km) for km, pk in closest if pk in pages]
