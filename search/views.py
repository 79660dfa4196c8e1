from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    # Filled by the search issue; for now the page renders the box with the query kept.
    query = request.GET.get("q", "")[:200]
    return render(request, "search/search.html", {"query": query, "results": []})
