"""Every page type, in Italian and English, through staging: axe-core finds no serious or
critical accessibility violation and the Nu HTML Checker no error. A visitor's pages, and those
only a signed-in member sees (account, profile and password forms, people, the posting forms)
or a moderator (the queue).

The checkers are npm packages (.ci/package.json, installed by `make checkers`): axe-core is
injected by Playwright into each page; vnu.jar runs once on all pages with Debian's Java.
Moderate findings are listed in var/staging/reports/ and printed, not failed. In CI a missing
checker fails the test (a broken `make checkers` must not pass as green); elsewhere it skips.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.fixtures import DESKTOP
from tests.staging.client import Browser, log_in

pytestmark = [pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("it", "en")
MISSING = "/non-esiste/"  # the 404 page is checked too
STATIC_PAGES = [
    "/",
    "/spazi/",
    "/spazi/?view=map",
    "/spazi/lambrate/",
    "/news/",
    "/forum/",
    "/cerca/?q=tavolo",
    "/cerca/?q=tavolo&kind=thread",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    MISSING,
]


@pytest.fixture(scope="module")
def pages(staging_url) -> list[str]:
    """The fixed pages plus one of each kind found by following links: an article, a forum,
    a topic, a member profile."""
    visitor = Browser(staging_url)
    article = re.search(r'href="(/news/(?!feed)[a-z0-9-]+/)"', visitor.get("/news/").text)
    topic = re.compile(r'href="(/forum/forum/[a-z0-9-]+-\d+/topic/[a-z0-9-]+-\d+/)"')
    for forum in re.findall(r'href="(/forum/forum/[a-z0-9-]+-\d+/)"', visitor.get("/forum/").text):
        if found := topic.search(visitor.get(forum).text):  # a forum, not a category
            break
    topic_page = visitor.get(found.group(1)).text
    member = re.search(r'href="(/forum/member/profile/\d+/)"', topic_page)
    assert article and found and member
    return [*STATIC_PAGES, article.group(1), forum, found.group(1), member.group(1)]


# Who signs in, and the fixed pages only they see (member_pages adds the forms and a person).
MEMBERS = {
    "giulia": [
        "/account/",
        "/forum/member/profile/edit/",
        "/accounts/password_change/",
        "/forum/member/subscriptions/",
        "/persone/",
    ],
    "moderatrice": ["/forum/moderation/queue/"],
}


@pytest.fixture(scope="module")
def member_pages(staging_url, pages) -> dict[str, list[str]]:
    """MEMBERS' pages plus a person's page and the new-topic and reply forms of `pages`'
    forum and topic."""
    person = re.search(r'href="(/persone/\d+/)"', Browser(staging_url).get("/persone/").text)
    assert person, "the demo has public profiles"
    forum, topic = pages[-3], pages[-2]
    forms = [f"{forum}topic/create/", f"{topic}post/create/", person.group(1)]
    return {user: paths + (forms if user == "giulia" else []) for user, paths in MEMBERS.items()}


def _signed_in(browser, staging_url: str, username: str, language: str):
    context = browser.new_context(base_url=staging_url, viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(15_000)
    log_in(context.new_page(), username)
    context.add_cookies([{"name": "django_language", "value": language, "url": staging_url}])
    return context


def _missing(checker: str) -> None:
    message = f"{checker} is not installed: run `make checkers`"
    pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


def _axe(page, paths: list[str], serious: list[str], moderate: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response.status == (404 if path == MISSING else 200), (path, response.status)
        assert urlsplit(page.url).path == urlsplit(path).path, f"{path} sent to {page.url}"
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate("async () => (await axe.run()).violations"):
            nodes = violation["nodes"]
            entry = (
                f"{path}: {violation['id']} ({violation['impact']}) ×{len(nodes)}: "
                f"{violation['help']} — {nodes[0]['target']}"
            )
            (serious if violation["impact"] in ("serious", "critical") else moderate).append(entry)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    import os

    path = Path(os.environ.get("STAGING_DIR", tmp_path_factory.mktemp("s"))) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation(
    browser, staging_url, pages, member_pages, language, reports
):
    if not AXE.exists():
        _missing("axe-core")
    context = browser.new_context(base_url=staging_url, viewport=DESKTOP, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": staging_url}])
    serious, moderate = [], []
    _axe(context.new_page(), pages, serious, moderate)
    context.close()
    for username, paths in member_pages.items():
        context = _signed_in(browser, staging_url, username, language)
        _axe(context.new_page(), paths, serious, moderate)
        context.close()
    (reports / f"axe-{language}.txt").write_text("\n".join(serious + moderate) + "\n")
    print(f"axe ({language}), moderate or minor:", *moderate, sep="\n  ")
    assert serious == [], "\n".join(serious)


def test_no_page_has_an_html_error(browser, staging_url, pages, member_pages, reports, tmp_path):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        _missing("the Nu HTML Checker (Java and vnu-jar)")
    files = []

    def save(who: str, path: str, text: str) -> None:
        html = tmp_path / f"{len(files):03d}.html"
        html.write_text(text)
        files.append((html, f"{who} {path}"))

    for language in LANGUAGES:
        visitor = Browser(staging_url, language=language)
        for path in pages:
            save(language, path, visitor.get(path).text)
        for username, paths in member_pages.items():
            context = _signed_in(browser, staging_url, username, language)
            for path in paths:
                response = context.request.get(path)
                assert response.status == 200, (username, path, response.status)
                save(f"{language} {username}", path, response.text())
            context.close()
    done = subprocess.run(  # noqa: S603 (Java on our own checker and files)
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *[str(f) for f, _ in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = {f"file:{f}": name for f, name in files}
    messages = json.loads(done.stdout)["messages"]
    errors = [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    (reports / "vnu.txt").write_text("\n".join(errors) + "\n")
    assert errors == [], "\n".join(errors[:40])
