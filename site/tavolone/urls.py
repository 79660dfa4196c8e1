from typing import NoReturn

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpRequest
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from machina import urls as machina_urls
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from tavolone import ratelimits
from tavolone.accounts.views import limit_posts
from tavolone.home.views import health
from tavolone.pagecache.language import choose_language
from tavolone.pagecache.tokens import form_token

# Wagtail's password-protected pages and documents: guesses spend a per-address budget.
guarded = limit_posts(ratelimits.PAGE_PASSWORDS, _("Too many password attempts."))


def no_error_test(request: HttpRequest) -> NoReturn:
    raise Http404


urlpatterns = [
    path("healthz", health, name="health"),
    path("django-admin/", admin.site.urls),
    # One login for everything: Wagtail's own login and password reset pages send visitors to
    # the site's (rate-limited) ones.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="password_reset")),
    # Wagtail's /admin/failwhale/ raises on purpose (to test error reports): any admin user
    # could fill the error log on demand. Not found here.
    path("admin/failwhale/", no_error_test),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        guarded(wagtaildocs_serve.authenticate_with_password),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("tavolone.accounts.urls")),
    # Django's POST view (setlang/) kept; the footer's language links are GETs, so that no
    # page needs a CSRF token (a cookie) for them.
    path("i18n/", include("django.conf.urls.i18n")),
    path("i18n/<str:code>/", choose_language, name="choose_language"),
    path("form-token/", form_token, name="form_token"),
    path("", include("search.urls")),
    path("", include("community.urls")),
    path("", include("people.urls")),
    path("forum/", include("forum.urls")),
    path("forum/", include(machina_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:  # the proxy serves /media/ in production
    from django.conf.urls.static import static

    from tavolone.home.views import serve_media

    urlpatterns += static(settings.MEDIA_URL, serve_media, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree is the catch-all: keep it last. Its front-end login page leads to the one
# site login; its page-password form is guarded.
urlpatterns += [
    path("_util/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        guarded(wagtail_views.authenticate_with_password),
    ),
    path("", include(wagtail_urls)),
]

handler404 = "tavolone.home.views.page_not_found"
handler500 = "tavolone.home.views.server_error"
