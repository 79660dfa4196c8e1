"""Every page type, in Italian and English, through staging: axe-core finds no serious or
critical accessibility violation and the Nu HTML Checker no error.

The checkers are npm packages (.ci/package.json, installed by `make checkers`): axe-core is
injected by Playwright into each page; vnu.jar runs once on all pages with Debian's Java.
Moderate findings are listed in var/staging/reports/ and printed, not failed.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.fixtures import DESKTOP
from tests.staging.client import Browser

pytestmark = [pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / ".ci" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("it", "en")
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
    "/non-esiste/",
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


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    import os

    path = Path(os.environ.get("STAGING_DIR", tmp_path_factory.mktemp("s"))) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation(
    browser, staging_url, pages, language, reports
):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make checkers`")
    context = browser.new_context(base_url=staging_url, viewport=DESKTOP, bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": staging_url}])
    page = context.new_page()
    serious, moderate = [], []
    for path in pages:
        page.goto(path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run()).violations")
        for violation in result:
            nodes = violation["nodes"]
            entry = (
                f"{path}: {violation['id']} ({violation['impact']}) ×{len(nodes)}: "
                f"{violation['help']} — {nodes[0]['target']}"
            )
            (serious if violation["impact"] in ("serious", "critical") else moderate).append(entry)
    context.close()
    (reports / f"axe-{language}.txt").write_text("\n".join(serious + moderate) + "\n")
    print(f"axe ({language}), moderate or minor:", *moderate, sep="\n  ")
    assert serious == [], "\n".join(serious)


def test_no_page_has_an_html_error(staging_url, pages, reports, tmp_path):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        pytest.skip("the Nu HTML Checker needs Java and vnu-jar: run `make checkers`")
    files = []
    for language in LANGUAGES:
        visitor = Browser(staging_url, language=language)
        for n, path in enumerate(pages):
            html = tmp_path / f"{language}-{n:02d}.html"
            html.write_text(visitor.get(path).text)
            files.append((html, f"{language} {path}"))
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
