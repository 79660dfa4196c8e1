"""The soak's HTTP side: a visitor with cookies, the forms of a page as a browser submits them,
and the numbers per page type.

Pure standard library (urllib, html.parser): each request is a new loopback connection to nginx.
"""

from __future__ import annotations

import http.cookiejar
import itertools
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Answer:
    status: int  # 0: no HTTP answer (connection refused, reset, timed out)
    location: str
    text: str
    ms: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """Staging runs DEBUG=0 without TLS on loopback: send its Secure cookies over http, as a
    browser does for 127.0.0.1."""

    def return_ok_secure(self, cookie, request):
        return True


class Visitor:
    """One person: their cookies, their requests (no redirect followed unless asked)."""

    def __init__(self, base: str, timeout: float = 40) -> None:
        self.base, self.timeout = base, timeout
        self.cookies = http.cookiejar.CookieJar(policy=_LoopbackPolicy())
        self.opener = urllib.request.build_opener(
            _NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path} if data is not None else {}
        req = urllib.request.Request(self.base + path, data=body, headers=headers)  # noqa: S310
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                status, location = response.status, response.headers.get("Location", "")
                text = response.read().decode(errors="replace")
        except urllib.error.HTTPError as exc:
            status, location = exc.code, exc.headers.get("Location", "")
            text = exc.read().decode(errors="replace")
        except (OSError, ValueError) as exc:  # refused, reset, timed out, bad status line
            status, location, text = 0, "", f"{type(exc).__name__}: {exc}"
        return Answer(status, location, text, (time.perf_counter() - started) * 1000)

    def local(self, location: str) -> str:
        """A redirect's target as a path on the same site."""
        parts = urllib.parse.urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")


class _Forms(HTMLParser):
    """Every form of a page: its action and the fields a browser would submit (no buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._text: tuple[str, list[str]] | None = None  # an open textarea
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "id": a.get("id", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is None or ("name" not in a and tag not in ("option",)):
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._text = (a["name"], [])
        elif tag == "select":
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._select[1].append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._text is not None and self._form is not None:
            self._form["fields"].append((self._text[0], "".join(self._text[1]).lstrip("\n")))
            self._text = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options = self._select
            chosen = [v for v, selected in options if selected] or [v for v, _ in options[:1]]
            self._form["fields"].extend((name, v) for v in chosen)
            self._select = None


def forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, name: str) -> list[tuple[str, str]] | None:
    """The fields of the first form that has a field `name` (e.g. the post form's content)."""
    for form in forms(html):
        if any(k == name for k, _ in form["fields"]):
            return list(form["fields"])
    return None


def fill(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """Replace (or add) the fields named in `values`."""
    kept = [(k, v) for k, v in fields if k not in values]
    return kept + list(values.items())


@dataclass
class Sample:
    at: float  # seconds since the start of the run
    kind: str
    status: int
    ms: float
    path: str


@dataclass
class Recorder:
    """Every request's outcome, and each acknowledged write's token."""

    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    acknowledged: dict[str, list[str]] = field(default_factory=lambda: {"post": [], "page": []})
    unacknowledged: dict[str, list[str]] = field(default_factory=lambda: {"post": [], "page": []})
    errors: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)  # people (threads) who gave up
    wrong: list[str] = field(default_factory=list)  # answered 200, but wrongly
    lock: threading.Lock = field(default_factory=threading.Lock)
    serials: itertools.count = field(default_factory=lambda: itertools.count(1))

    def serial(self) -> int:
        """A number no other write of this run has (its token's)."""
        with self.lock:
            return next(self.serials)

    def now(self) -> float:
        return time.monotonic() - self.started

    def add(self, kind: str, path: str, answer: Answer) -> Answer:
        with self.lock:
            self.samples.append(Sample(self.now(), kind, answer.status, answer.ms, path))
            if (answer.status >= 500 or answer.status == 0) and len(self.errors) < 50:
                self.errors.append(f"{self.now():.1f}s {kind} {path} {answer.status} "
                                   f"{answer.text[:160]!r}")  # fmt: skip
        return answer

    def write(self, what: str, token: str, acknowledged: bool) -> None:
        with self.lock:
            (self.acknowledged if acknowledged else self.unacknowledged)[what].append(token)
