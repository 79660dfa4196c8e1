"""The soak's people: anonymous readers on every page type, searchers, coworkers posting and
replying through machina's forms, an editor publishing news through Wagtail's admin form.

Each acknowledged write (a 302 after its submit) carries a unique token, which the soak then
looks for in the database and in the index.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import urllib.parse
from datetime import date

from bench.soak_http import Recorder, Visitor, fill, form_with

PASSWORD = "tavolone-demo"  # noqa: S105 (the demo users', as staging runs DEMO_MODE)
COWORKERS = ("giulia", "chiara")  # not marco: the staging journeys reset his password
EDITOR = "moderatrice"  # may publish news directly (the editors' group submits to moderation)
ALWAYS_FOUND = ("tavolo", "coworking milano", "scrivania")  # the demo content has them
QUERIES = ("tavolo", "coworking milano", "scrivania", "eventi", "caffè", "wifi lambrate", "news")


def discover(base: str) -> dict[str, list[str]]:
    """A few URLs of each page type, read from the site's own pages."""
    v = Visitor(base)

    def links(path: str, pattern: str) -> list[str]:
        text = v.request(path).text
        return sorted(set(re.findall(pattern, text)))

    spaces = links("/spazi/", r'href="(/spazi/[a-z0-9-]+/)"')
    articles = [p for p in links("/news/", r'href="(/news/[a-z0-9-]+/)"') if "/feed" not in p]
    forums = links("/forum/", r'href="(/forum/forum/[^"/]+/)"')
    topics: list[str] = []
    for forum in forums[:8]:
        topics += links(forum, r'href="(/forum/forum/[^"/]+/topic/[^"/?]+/)"')
    found = {"space": spaces, "article": articles, "forum": forums, "topic": sorted(set(topics))}
    for kind, urls in found.items():
        if not urls:
            raise SystemExit(f"soak: found no {kind} page to read on {base}")
    return found


def reader(base: str, urls: dict[str, list[str]], rec: Recorder, stop: threading.Event) -> None:
    """An anonymous visitor going round every page type (a new visitor every 20 pages)."""
    rnd = random.Random()
    cycle = itertools.cycle(
        ["home", "directory", "space", "news_index", "article", "forum_index", "forum", "topic"]
    )
    v, n = Visitor(base), 0
    while not stop.is_set():
        kind = next(cycle)
        fixed = {
            "home": "/",
            "directory": "/spazi/",
            "news_index": "/news/",
            "forum_index": "/forum/",
        }
        path = fixed.get(kind) or rnd.choice(urls[kind])
        rec.add(kind, path, v.request(path))
        n += 1
        if n % 20 == 0:
            v = Visitor(base)


def searcher(base: str, rec: Recorder, stop: threading.Event, pause: float) -> None:
    rnd = random.Random()
    v = Visitor(base)
    while not stop.wait(pause):
        query = rnd.choice(QUERIES)
        path = "/cerca/?" + urllib.parse.urlencode({"q": query})
        answer = rec.add("search", path, v.request(path))
        if answer.status == 200 and query in ALWAYS_FOUND and "tv-hit" not in answer.text:
            with rec.lock:  # served, but from an index that lost the demo's documents
                rec.wrong.append(f"{rec.now():.1f}s {path}: no results")


def log_in(base: str, username: str, rec: Recorder, tries: int = 3) -> Visitor:
    """Logged in through the form; tried again after a server error, as a person would (each
    failure still counts)."""
    for _ in range(tries):
        v = Visitor(base)
        page = rec.add("login_form", "/accounts/login/", v.request("/accounts/login/"))
        fields = form_with(page.text, "password") or []
        answer = v.request("/accounts/login/", fill(fields, username=username, password=PASSWORD))
        rec.add("login", "/accounts/login/", answer)
        if answer.status == 302:
            return v
        if 0 < answer.status < 500:
            break
    raise SystemExit(f"soak: {username} could not log in ({answer.status})")


def coworker(
    base: str,
    username: str,
    urls: dict[str, list[str]],
    rec: Recorder,
    stop: threading.Event,
    run_id: str,
    pause: float,
) -> None:
    """Posts: one new topic in three, else a reply to a topic; each through the form (GET it for
    the CSRF token and the formsets' fields, POST it, follow the redirect)."""
    rnd = random.Random()
    v = log_in(base, username, rec)
    while not stop.wait(pause):
        token = f"soak{run_id}{username}{rec.serial()}"
        if rnd.random() < 1 / 3:
            kind, form_path = "new_topic", rnd.choice(urls["forum"]) + "topic/create/"
            values = {"subject": f"Prova di carico {token}"}
        else:
            kind, form_path = "reply", rnd.choice(urls["topic"]) + "post/create/"
            values = {}
        values["content"] = f"Messaggio di prova del soak: {token}. Ci vediamo al tavolone."
        form = rec.add(f"{kind}_form", form_path, v.request(form_path))
        fields = form_with(form.text, "content") if form.status == 200 else None
        if fields is None:
            continue  # no form: nothing was submitted (the failure is counted above)
        answer = rec.add(kind, form_path, v.request(form_path, fill(fields, **values)))
        acknowledged = answer.status == 302 and "/accounts/login/" not in answer.location
        rec.write("post", token, acknowledged)
        if acknowledged:
            follow = v.local(answer.location)
            rec.add("follow", follow, v.request(follow))


def _paragraph(text: str) -> str:
    """A rich-text block's value as Wagtail's editor posts it (Draftail's content state)."""
    block = {"key": "soak1", "type": "unstyled", "depth": 0, "text": text}
    block.update(inlineStyleRanges=[], entityRanges=[], data={})
    return json.dumps({"blocks": [block], "entityMap": {}})


def news_index_id(v: Visitor) -> str:
    page = v.request("/admin/pages/search/?q=News&content_type=community.newsindexpage")
    found = re.search(r"/admin/pages/(\d+)/edit/", page.text)
    if not found:
        raise SystemExit("soak: the editor found no news index in the admin")
    return found.group(1)


def editor(base: str, rec: Recorder, stop: threading.Event, run_id: str, pause: float) -> None:
    """Publishes a news article through Wagtail's add-page form every `pause` seconds (the
    stream field's inputs are those its JavaScript would post)."""
    v = log_in(base, EDITOR, rec)
    add = f"/admin/pages/add/community/newspage/{news_index_id(v)}/"
    while not stop.wait(pause):
        token = f"soak{run_id}news{rec.serial()}"
        form = rec.add("publish_form", add, v.request(add))
        fields = form_with(form.text, "title") if form.status == 200 else None
        if fields is None:
            continue
        values = {
            "title": f"Notizia di prova {token}",
            "slug": token,
            "date": date.today().isoformat(),
            "intro": f"Pubblicata durante il soak: {token}.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": _paragraph(f"Il corpo della notizia {token}."),
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
            "action-publish": "action-publish",
        }
        answer = rec.add("publish", add, v.request(add, fill(fields, **values)))
        acknowledged = answer.status == 302 and "/accounts/login/" not in answer.location
        rec.write("page", token, acknowledged)
        if not acknowledged and answer.status == 200 and len(rec.errors) < 50:
            rec.errors.append(f"publish {token}: the form came back (validation?)")
