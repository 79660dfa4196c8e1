"""Thin views: parse, ask services.search, render. They never branch on the engine."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from search import services
from search.params import KINDS, BadSearchInput, SearchParams

log = logging.getLogger(__name__)
# Marked where it is defined, so that makemessages extracts it; translated when shown.
UNAVAILABLE = gettext_lazy("Search is temporarily unavailable: please try again in a few minutes.")


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


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    results, error, status = _run(request)
    query = request.GET.get("q", "").replace("\x00", "")[:300]
    context = {"query": query, "results": results, "error": error, "kinds": KINDS}
    if results:
        context["filters"] = {
            "kind": results.params.kind,
            "city": results.params.city,
            "forum": str(results.params.forum or ""),
            "year": str(results.params.year or ""),
        }
    return render(request, "search/search.html", context, status=status)


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
