from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tavolone.home.health import report


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: the 500 page must render even when those are broken.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, cache, search engine and background worker answer; else 503."""
    ok, checks = report()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )


def serve_media(request: HttpRequest, path: str, document_root: str) -> HttpResponse:
    """Development's /media/: Django's static serve, where a name the file system refuses (too
    long, invalid) is a 404, not a server error."""
    from django.views.static import serve

    try:
        return serve(request, path, document_root=document_root)
    except (OSError, ValueError) as exc:
        raise Http404("No such file.") from exc
