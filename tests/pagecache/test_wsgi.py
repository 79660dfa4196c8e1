"""The WSGI fast path answers stored pages exactly as the whole middleware stack does."""

import re

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from community.models import NewsPage
from tavolone.pagecache.wsgi import StoredPageHandler

NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture
def handler() -> StoredPageHandler:
    return StoredPageHandler()


def wsgi_get(handler, url: str, headers: dict | None = None):
    """Status code, headers and body of a GET through the site's WSGI application."""
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=response_headers)

    environ = RequestFactory().get(url, headers=headers).environ
    # As Django's test client does: the request signals must not close the test's connection
    # (on PostgreSQL that ends the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = handler(environ, start_response)
        body = b"".join(response)
        if hasattr(response, "close"):  # as a WSGI server does
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], dict(started["headers"]), body


def same_nonce(headers: dict, body: bytes) -> tuple[dict, bytes]:
    """Headers and body with this request's CSP nonce written as N."""
    found = NONCE.search(headers.get("Content-Security-Policy", ""))
    if not found:
        return headers, body
    nonce = found.group(1)
    csp = headers["Content-Security-Policy"].replace(nonce, "N")
    return {**headers, "Content-Security-Policy": csp}, body.replace(nonce.encode(), b"N")


@pytest.fixture
def stored(client, public_pages) -> dict[str, str]:
    """Every public page stored by the middleware (search answers never are); by name."""
    pages = {name: url for name, url in public_pages.items() if name != "search"}
    for url in pages.values():
        client.get(url)
    return pages


def test_a_stored_page_from_the_fast_path_equals_the_middlewares(client, handler, stored):
    for name, url in stored.items():
        request = RequestFactory().get(url)
        assert handler.stored_page(request) is not None, name  # answered before the stack
        expected = client.get(url)  # the middleware's hit, through the whole stack
        assert expected["X-Site-Cache"] == "hit", name
        status, headers, body = wsgi_get(handler, url)
        assert status == expected.status_code, name
        assert same_nonce(headers, body) == same_nonce(dict(expected.items()), expected.content)


def test_a_matching_etag_gets_the_middlewares_304(client, handler, stored):
    etag = client.get(stored["article"])["ETag"]
    expected = client.get(stored["article"], headers={"if-none-match": etag})
    status, headers, body = wsgi_get(handler, stored["article"], {"if-none-match": etag})
    assert (status, body) == (304, b"") and expected.status_code == 304
    assert headers == dict(expected.items())


def test_members_and_visitors_with_a_session_never_get_a_stored_page(
    client, handler, stored, coworker
):
    client.force_login(coworker)
    session = {"cookie": f"sessionid={client.cookies['sessionid'].value}"}
    for name, url in stored.items():
        assert handler.stored_page(RequestFactory().get(url, headers=session)) is None, name
        status, headers, body = wsgi_get(handler, url, session)
        assert "X-Site-Cache" not in headers, name
        assert headers["Cache-Control"].startswith("private"), name
    with_messages = {"cookie": "messages=anything"}
    assert handler.stored_page(RequestFactory().get(stored["home"], headers=with_messages)) is None


def test_a_purge_is_seen_by_the_fast_path_at_once(handler, stored, change):
    url = stored["news index"]
    assert wsgi_get(handler, url)[1]["X-Site-Cache"] == "hit"  # this process keeps a copy
    article = NewsPage.objects.live().order_by("-date", "pk").first()
    with change():
        article.title = "Titolo nuovo di zecca"
        article.save_revision().publish()
    status, headers, body = wsgi_get(handler, url)
    assert "X-Site-Cache" not in headers and "Titolo nuovo di zecca" in body.decode()
    assert wsgi_get(handler, url)[1]["X-Site-Cache"] == "hit"  # stored again
