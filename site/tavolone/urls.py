from typing import NoReturn

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpRequest
from django.urls import include, path
from machina import urls as machina_urls
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls


def no_error_test(request: HttpRequest) -> NoReturn:
    raise Http404


urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's /admin/failwhale/ raises on purpose (to test error reports): any admin user
    # could fill the error log on demand. Not found here.
    path("admin/failwhale/", no_error_test),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("tavolone.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.urls")),
    path("", include("community.urls")),
    path("forum/", include("forum.urls")),
    path("forum/", include(machina_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree is the catch-all: keep it last.
urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "tavolone.home.views.page_not_found"
handler500 = "tavolone.home.views.server_error"
