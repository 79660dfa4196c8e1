"""A small HTTP client for the staging tests: no redirects followed, cookies kept, headers
and body returned whatever the status (urllib raises on 4xx/5xx); and signing in a browser."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

PASSWORD = "tavolone-demo"  # the demo members' password (DEMO_MODE)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str, language: str | None = None) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        if language:  # what the footer's switcher remembers
            host = urllib.parse.urlsplit(base).hostname
            self.cookies.set_cookie(_cookie("django_language", language, host))
        self.opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def request(
        self,
        path: str,
        data: dict | bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Response:
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(  # noqa: S310 (loopback staging URL)
            self.base + path, data=body, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as exc:
            return Response(exc.code, dict(exc.headers), exc.read().decode(errors="replace"))

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)


def _cookie(name: str, value: str, domain: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0,
        name,
        value,
        None,
        False,
        domain,
        False,
        False,
        "/",
        True,
        False,
        None,
        True,
        None,
        None,
        {},
    )


def log_in(page, username: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Signs a Playwright page in through the login form, as a person would (Italian)."""
    from playwright.sync_api import expect

    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page.locator("header")).to_contain_text(username)
