"""The site's surfaces, found programmatically: every URL pattern of the resolver (at collection)
and every form of the pages a role can reach (by crawling, at run time). A new route or form is
covered without touching the corpus."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

ADMIN_PREFIXES = ("admin/", "django-admin/")


@dataclass(frozen=True)
class Route:
    """One URL pattern as a template: literal text and typed slots."""

    name: str
    parts: tuple  # str literals and (slot_name, kind) tuples; kind: "int", "str" or "path"
    example: str  # the pattern as written, for messages

    @property
    def is_admin(self) -> bool:
        return self.example.startswith(ADMIN_PREFIXES)

    @property
    def slots(self) -> list[tuple[str, str]]:
        return [p for p in self.parts if isinstance(p, tuple)]

    def fill(self, values: dict[str, str]) -> str:
        return "/" + "".join(p if isinstance(p, str) else values[p[0]] for p in self.parts)


_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _route_parts(text: str) -> list:
    parts, pos = [], 0
    for m in _CONVERTER.finditer(text):
        parts.append(text[pos : m.start()])
        conv = m["conv"] or "str"
        parts.append((m["name"], {"int": "int", "path": "path"}.get(conv, "str")))
        pos = m.end()
    parts.append(text[pos:])
    return parts


def _regex_parts(text: str) -> list:
    """A regex of the site's simple shapes as literals and slots (groups, balanced parens)."""
    text = text.removeprefix("^").removesuffix("$")
    parts, literal, i, n = [], "", 0, 0
    while i < len(text):
        if text[i] == "(" and not text.startswith("(?:", i):
            depth, j = 0, i
            while True:  # find the matching parenthesis
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            body = text[i + 1 : j]
            named = re.match(r"\?P<(\w+)>(.*)", body, re.S)
            name, body = (named[1], named[2]) if named else (f"g{n}", body)
            n += 1
            parts += [literal, (name, "int" if body == r"\d+" else "path")]
            literal, i = "", j + 1
        elif text.startswith(".*", i):  # an ungrouped wildcard (a catch-all)
            parts += [literal, (f"g{n}", "path")]
            literal, i, n = "", i + 2, n + 1
        elif text[i] == "\\" and i + 1 < len(text):
            literal, i = literal + text[i + 1], i + 2
        else:
            literal, i = literal + text[i], i + 1
    parts.append(literal)
    return parts


def routes() -> list[Route]:
    """Every URL pattern of the project, flattened with its namespaces."""
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: list, ns: str) -> None:
        for p in resolver.url_patterns:
            pattern = p.pattern
            own = (
                _route_parts(str(pattern))
                if isinstance(pattern, RoutePattern)
                else _regex_parts(str(pattern))
                if isinstance(pattern, RegexPattern)
                else [str(pattern)]
            )
            if isinstance(p, URLResolver):
                walk(p, prefix + own, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern):
                parts = tuple(x for x in prefix + own if x != "")
                example = "".join(x if isinstance(x, str) else f"<{x[0]}>" for x in parts)
                found.append(Route(f"{ns}{p.name or '-'}", parts, example))

    walk(get_resolver(), [], "")
    unique = {r.example: r for r in found}  # a pattern included twice is one surface
    return list(unique.values())


def route_id(route: Route) -> str:
    return route.example.replace("/", "|")[:80] or "root"


# --- forms on pages -------------------------------------------------------------------------


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)  # name, type, value

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.action} ({self.page})"


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.links, self.forms = page, [], []
        self._form: Form | None = None
        self._textarea: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self._form = Form(self.page, action, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form and a.get("name") and tag in ("input", "button"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                value = None if kind == "checkbox" else a.get("value", "on")
            else:
                value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind not in ("submit", "image", "reset") or tag == "input":
                self._add(a["name"], kind, value)
        elif self._form and tag == "textarea" and a.get("name"):
            self._textarea = self._add(a["name"], "textarea", "")
        elif self._form and tag == "select" and a.get("name"):
            self._select = self._add(a["name"], "select", None)
        elif (
            self._select is not None
            and tag == "option"
            and (self._select["value"] is None or "selected" in a)
        ):
            self._select["value"] = a.get("value", "")

    def _add(self, name, kind, value) -> dict:
        for f in self._form.fields:  # radios: one field, the checked value
            if f["name"] == name and kind == "radio":
                f["value"] = f["value"] if value is None else value
                return f
        entry = {"name": name, "type": kind, "value": value}
        self._form.fields.append(entry)
        return entry

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def query_names(link: str) -> list[str]:
    """The names of a link's query parameters."""
    return [name for name, _ in parse_qsl(urlsplit(link).query, keep_blank_values=True)]


def with_param(link: str, name: str, value: str) -> str:
    """`link` with parameter `name` set to `value` (the others kept), percent-encoded."""
    parts = urlsplit(link)
    query = [(k, value if k == name else v) for k, v in parse_qsl(parts.query, True)]
    return parts.path + "?" + urlencode(query)


def parse_page(path: str, html: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser(path)
    parser.feed(html)
    local = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
            local.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    for form in parser.forms:
        parts = urlsplit(form.action)
        form.action = parts.path + (f"?{parts.query}" if parts.query else "")
    return local, parser.forms
