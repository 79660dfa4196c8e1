"""The production topology answers as docs/deploy.md says: nginx in front, gunicorn workers,
the background workers alive, static and media handled, limits in place."""

import re

import pytest

from tests.staging.client import Browser

PAGES = ["/", "/spazi/", "/spazi/lambrate/", "/news/", "/forum/", "/cerca/?q=tavolo"]


@pytest.fixture
def visitor(staging_url):
    return Browser(staging_url)


def test_every_dependency_is_healthy_through_the_proxy(visitor):
    response = visitor.get("/healthz")
    assert response.status == 200, response.text
    assert '"status": "ok"' in response.text


@pytest.mark.parametrize("path", PAGES)
def test_visitors_get_each_page_type_through_the_proxy(visitor, path):
    response = visitor.get(path)
    assert response.status == 200
    assert "Tavolone" in response.text
    assert response.headers.get("Server") == "nginx"  # server_tokens off: no version


def test_static_files_are_hashed_and_cached_for_a_year(visitor):
    css = re.search(r'href="(/static/css/tavolone\.[0-9a-f]{12}\.css)"', visitor.get("/").text)
    assert css, "the page links the hashed stylesheet (ManifestStaticFilesStorage)"
    response = visitor.get(css.group(1))
    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_a_body_over_the_proxy_limit_is_refused_by_nginx(visitor):
    response = visitor.request("/accounts/login/", data=b"x" * (13 * 1024 * 1024))
    assert response.status == 413


def test_debug_is_off_so_errors_show_no_details(visitor):
    response = visitor.get("/non-esiste/")
    assert response.status == 404
    assert "Traceback" not in response.text and "URLconf" not in response.text
