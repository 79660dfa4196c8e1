"""Thin views: parse, ask services.search, render. They never branch on the engine."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from search import facets as registry
from search import services
from search.params import BadSearchInput, SearchParams, SearchResults

log = logging.getLogger(__name__)
# Marked where it is defined, so that makemessages extracts it; translated when shown.
UNAVAILABLE = gettext_lazy("Search is temporarily unavailable: please try again in a few minutes.")
TURNED_OFF = gettext_lazy("Search is turned off on this site.")


def _run(request: HttpRequest):
    """(results, error message, status)."""
    try:
        params = SearchParams.parse(request.GET)
        return services.search(params, request.user), "", 200
    except BadSearchInput as exc:
        return None, str(exc), 400
    except services.EngineUnavailable as exc:
        log.warning("search unavailable: %s", exc)
        return None, str(UNAVAILABLE), 503
    except services.SearchOff:
        return None, str(TURNED_OFF), 404  # (no retry will find anything: not a 503)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    results, error, status = _run(request)
    query = request.GET.get("q", "").replace("\x00", "")[:300]
    context = {"query": query, "results": results, "error": error}
    if results:
        context["filters"] = _filters(results)
        context["sidebar"] = _sidebar(request, results)
        if context["filters"]:
            unfiltered = request.GET.copy()
            for name in [*registry.BY_NAME, "page"]:
                unfiltered.pop(name, None)
            context["clear_url"] = "?" + unfiltered.urlencode()
    return render(request, "search/search.html", context, status=status)


def _filters(results: SearchResults) -> list[tuple[str, str]]:
    """The applied filters as (parameter, value): hidden fields of the search form."""
    p = results.params
    pairs = []
    for facet in registry.FACETS:
        if facet.value == registry.MULTI:
            pairs += [(facet.name, v) for v in p.chosen.get(facet.name, ())]
        elif getattr(p, facet.name):
            pairs.append((facet.name, str(getattr(p, facet.name))))
    return pairs


def _sidebar(request: HttpRequest, results: SearchResults) -> list[dict]:
    """Each facet with values, in the registry's order: its heading and values, each with the
    link that adds it (a multi-valued facet's chosen values: the link that removes it)."""
    p, out = results.params, []
    for facet in registry.FACETS:
        values = results.facets.get(facet.name)
        if not values:
            continue
        chosen = p.chosen.get(facet.name, []) if facet.value == registry.MULTI else []
        items = []
        for f in values:
            query = request.GET.copy()
            query.pop("page", None)
            on = f.value in chosen
            if facet.value == registry.MULTI:
                query.setlist(
                    facet.name, [v for v in chosen if v != f.value] + ([] if on else [f.value])
                )
            else:
                query[facet.name] = f.value
            label = (
                registry.KIND_LABELS.get(f.value, (f.label,))[0]
                if facet.name == "kind"
                else f.label
            )
            items.append(
                {"label": label, "count": f.count, "on": on, "url": "?" + query.urlencode()}
            )
        out.append({"name": facet.name, "label": facet.label, "values": items})
    return out


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    results, error, status = _run(request)
    if results is None:
        return JsonResponse({"error": error}, status=status)
    return JsonResponse(results.as_dict())


@require_GET
def api_autocomplete(request: HttpRequest) -> JsonResponse:
    q = request.GET.get("q", "")
    try:
        items = services.autocomplete(q, request.user)
    except BadSearchInput as exc:
        return JsonResponse({"error": str(exc), "results": []}, status=400)
    except services.EngineUnavailable:
        return JsonResponse({"error": str(UNAVAILABLE), "results": []}, status=503)
    return JsonResponse({"query": q[:100].replace("\x00", ""), "results": items})


@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    q = request.GET.get("q", "")
    try:
        suggestion = services.suggest(q)
    except BadSearchInput as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except services.EngineUnavailable:
        return JsonResponse({"error": str(UNAVAILABLE)}, status=503)
    return JsonResponse({"query": q[:300].replace("\x00", ""), "suggestion": suggestion})
