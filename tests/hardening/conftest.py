"""One demo network for the hostile corpus, role clients, and the probe that sends a
case and checks the issue's four properties: no server error, an answer within 2 s, nothing
half-saved, and no payload echoed raw into HTML.

The demo is loaded once for the package inside a transaction that is rolled back when its last
test ends; every test runs in a savepoint of it (pytest-django's `db`), so a case that writes is
undone before the next one."""

from __future__ import annotations

import json
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings

from tests.hardening import payloads, surfaces

SLOW_SECONDS = 2.0  # the bound on any single answer
ROLES = {
    "anonymous": None,
    "coworker": "giulia",
    "moderator": "moderatrice",
    "space-manager": "host_lambrate",
    "editor": "redazione",
}
# Written by reads or by bookkeeping on any request (sessions, read tracking, login attempts,
# the search outbox): a failed request may touch these.
BOOKKEEPING = (
    "django_session",
    "forum_tracking_",
    "axes_",
    "search_indexupdate",
    "wagtailadmin_editingsession",
)
# Markers of a form re-rendered with its errors (site templates, machina, Wagtail, Django admin).
FORM_ERRORS = ("is-invalid", "invalid-feedback", "errorlist", "error-message", "w-field--error")
FINDINGS = os.environ.get("HARDENING_FINDINGS")  # a JSON-lines file of every failed check
SENT = {"requests": 0}  # hostile requests sent in this session (said at the end of the run)


def pytest_terminal_summary(terminalreporter):
    if SENT["requests"]:
        terminalreporter.write_line(f"hostile corpus: {SENT['requests']} requests sent")


@dataclass
class Site:
    cookies: dict[str, SimpleCookie]
    search_path: str
    routes: list
    examples: dict = field(default_factory=dict)  # route example -> slot values seen
    forms: list = field(default_factory=list)  # (role, Form)
    pages: dict = field(default_factory=dict)  # role -> crawled paths
    regexes: list = field(default_factory=list)  # (route, compiled pattern)
    # (route shape, query parameter) -> a link seen carrying it (?page=, ?next=, ?post=, filters)
    link_params: dict = field(default_factory=dict)


def _client(site: Site, role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies = SimpleCookie(site.cookies[role].output(header="", sep=";"))
    return client


def _route_regexes(routes):
    compiled = []
    for route in routes:
        pattern = "".join(
            re.escape(p)
            if isinstance(p, str)
            else {"int": "([0-9]+)", "str": "([^/]+)", "path": "(.+)"}[p[1]]
            for p in route.parts
        )
        compiled.append((route, re.compile(f"/{pattern}")))
    return compiled


SEEDS = [
    "/",
    "/forum/",
    "/spazi/",
    "/news/",
    "/cerca/?q=tavolo",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/forum/member/profile/edit/",
    "/forum/member/subscriptions/",
    "/accounts/password_change/",
    "/forum/moderation/queue/",
    "/forum/tracking/unread-topics/",
]
ADMIN_SEEDS = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/reports/",
    "/django-admin/",
]
# The health check answers 503 by design while a dependency is down (here: no worker runs).
HEALTH_PATHS = ("/healthz",)
SKIP_LINKS = ("logout", "/media/", "/documents/", "/static/", "delete", "unpublish", "/feed")


def _crawl(site: Site, role: str, seeds: list[str], limit: int, admin: bool) -> None:
    """Breadth first, but at most a few pages per route: distinct routes and their forms beat
    many pages of one kind."""
    client, seen, queue, forms, per_route = _client(site, role), set(), list(seeds), {}, {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        key = path.split("?")[0]
        if key in seen or any(s in path for s in SKIP_LINKS):
            continue
        if key.startswith(("/admin/", "/django-admin/")) != admin and path not in seeds:
            continue
        shape = _shape(site, key)
        per_route[shape] = per_route.get(shape, 0) + 1
        if per_route[shape] > (10 if shape == "<g0>" else 2):
            continue
        seen.add(key)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        links, found = surfaces.parse_page(path, response.content.decode(errors="replace"))
        for link in links:
            for name in surfaces.query_names(link):
                site.link_params.setdefault((_shape(site, link), name), (role, link))
        fresh = [link for link in links if link.split("?")[0] not in seen]
        # Links to routes not seen yet go first.
        queue = [x for x in fresh if _shape(site, x) not in per_route] + queue + fresh
        for form in found:
            names = tuple(sorted(f["name"] for f in form.fields))
            forms.setdefault((form.method, _shape(site, form.action), names), form)
    site.pages[role] = sorted(seen)
    known = {
        (f.method, _shape(site, f.action), tuple(sorted(x["name"] for x in f.fields)))
        for _, f in site.forms
    }
    site.forms += [(role, form) for k, form in forms.items() if k not in known]


def _shape(site: Site, path: str) -> str:
    """The route a path belongs to (so a reply form on every topic counts once)."""
    bare = path.split("?")[0]
    for route, regex in site.regexes:
        match = regex.fullmatch(bare)
        if match:
            site.examples.setdefault(
                route.example, dict(zip([s[0] for s in route.slots], match.groups(), strict=True))
            )
            return route.example
    return bare


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo network, its role sessions, and its crawled links and forms, loaded once for the
    whole corpus (one load and crawl, not one per module)."""
    search_path = str(tmp_path_factory.mktemp("hardening") / "search-tantivy")
    with (
        django_db_blocker.unblock(),
        override_settings(
            SEARCH_TANTIVY_PATH=search_path,  # the default engine's
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            from search import services

            services.rebuild()
            cookies = {}
            from django.contrib.auth import get_user_model

            for role, username in ROLES.items():
                client = Client()
                if username:
                    client.force_login(get_user_model().objects.get(username=username))
                cookies[role] = client.cookies
            routes = surfaces.routes()
            built = Site(cookies, search_path, routes)
            built.regexes = _route_regexes(routes)
            for role in ("anonymous", "coworker", "moderator", "space-manager"):
                _crawl(built, role, SEEDS, 45, admin=False)
            _crawl(built, "editor", ADMIN_SEEDS + SEEDS[:3], 90, admin=True)
            caches["default"].clear()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def probe(site, db, settings):
    settings.SEARCH_TANTIVY_PATH = site.search_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for cache in caches.all():
        cache.clear()  # rate limits start afresh: each case reaches the form it aims at
    return Probe(site)


def _counts() -> dict[str, int]:
    tables = [t for t in connection.introspection.table_names() if not t.startswith(BOOKKEEPING)]
    quote = connection.ops.quote_name
    # Table names come from the database's own catalogue, quoted: no user input in this SQL.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


class Probe:
    """Sends requests as a role and records every broken property with its case."""

    def __init__(self, site: Site):
        self.site, self.problems, self.sent, self.timings = site, [], 0, []

    def client(self, role: str) -> Client:
        # A fresh client per request: a logout or password change posted by one case does not
        # turn the role's next request anonymous.
        return _client(self.site, role)

    def send(
        self,
        case: str,
        role: str,
        method: str,
        path: str,
        data=None,
        *,
        content_type: str | None = None,
        payload: str | None = None,
        check_writes: bool = False,
    ):
        client = self.client(role)
        before = _counts() if check_writes else None
        kwargs = {} if content_type is None else {"content_type": content_type}
        start = time.perf_counter()
        try:
            response = getattr(client, method.lower())(path, data, **kwargs)
        except Exception as exc:  # a crash in the test client itself (e.g. a bad redirect)
            self._fail(case, role, method, path, "client-crash", repr(exc))
            return None
        seconds = time.perf_counter() - start
        if seconds > SLOW_SECONDS:  # once more: this machine is shared, a slow view is slow twice
            start = time.perf_counter()
            getattr(self.client(role), method.lower())(path, data, **kwargs)
            seconds = min(seconds, time.perf_counter() - start)
        self.sent += 1
        SENT["requests"] += 1
        self.timings.append((seconds, method, path[:90]))
        where = (case, role, method, path)
        if response.status_code >= 500 and not (
            response.status_code == 503 and path.startswith(HEALTH_PATHS)
        ):
            error = (
                "".join(traceback.format_exception(*response.exc_info)[-3:])
                if getattr(response, "exc_info", None)
                else f"status {response.status_code}"
            )
            self._fail(*where, "server-error", error.strip()[-600:])
        if seconds > SLOW_SECONDS:
            self._fail(*where, "slow", f"{seconds:.2f} s")
        body = self._html(response)
        if payload and body and payloads.is_script_payload(payload) and payload in body:
            self._fail(*where, "unescaped", payload[:80])
        if before is not None and response.status_code < 500 and self.failed(response, body):
            after = _counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
            if changed:
                self._fail(*where, "half-saved", f"status {response.status_code}: {changed}")
        return response

    @staticmethod
    def _html(response) -> str:
        if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", 0):
            return ""
        return response.content.decode(errors="replace")

    @staticmethod
    def failed(response, body: str) -> bool:
        """A refused request: an error status, or a form shown again with its errors."""
        if response.status_code >= 400:
            return True
        return response.status_code == 200 and any(m in body for m in FORM_ERRORS)

    def _fail(self, case, role, method, path, kind, detail):
        self.problems.append(f"[{kind}] {case} as {role}: {method} {path[:160]} -> {detail}")
        if FINDINGS:
            with open(FINDINGS, "a") as out:
                out.write(
                    json.dumps(
                        {
                            "kind": kind,
                            "case": case,
                            "role": role,
                            "method": method,
                            "path": path[:300],
                            "detail": detail,
                        }
                    )
                    + "\n"
                )

    def assert_clean(self):
        assert not self.problems, f"{len(self.problems)} broken:\n" + "\n".join(self.problems[:20])
