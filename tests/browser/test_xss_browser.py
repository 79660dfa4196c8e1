"""The stored XSS corpus, rendered by a real browser: posted as a forum topic, replies and a
signature, sent as a visit request, echoed by the search page; no payload runs (every one of them
calls alert(), which a script on every page turns into a flag), and nothing clickable carries a
script URL or an event handler. A coworker's public profile (name, bio, tags) carries it too."""

from __future__ import annotations

import pytest

from tests.forum.conftest import FORMSETS
from tests.forum.xss_payloads import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Before any page script: alert/confirm/prompt record their call instead of showing a dialog.
TRAP = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + "(" + args.join(",") + ")"); };
}
"""
# What a click or a load could still run: event-handler attributes and script URLs.
ARMED = """() => Array.from(document.querySelectorAll("main *, .tv-post *")).flatMap(el =>
  Array.from(el.attributes)
    .filter(a => a.name.startsWith("on") ||
      (/^(href|src|action|formaction|xlink:href|data)$/.test(a.name) &&
       /^\\s*(javascript|vbscript|data:text\\/html)/i.test(a.value)))
    .map(a => el.tagName + "[" + a.name + "=" + a.value.slice(0, 60) + "]"))"""
CHUNKS = [PAYLOADS[i : i + 20] for i in range(0, len(PAYLOADS), 20)]


def _login(page, username: str) -> str:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "tavolone-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return _token(page)


def _post(page, token: str, url: str, form: dict) -> str:
    """Posts like the page's form would; returns where the site sends the browser next."""
    response = page.request.post(url, form=form, headers={"X-CSRFToken": token}, max_redirects=0)
    assert response.status in (200, 302), (url, response.status)
    return response.headers.get("location", url)


def _token(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def _store_corpus(page) -> str:
    """The whole corpus in a new topic and its replies, written by the demo moderator; her
    signature carries it too. Returns the topic's URL."""
    token = _login(page, "moderatrice")
    page.goto("/forum/")
    forum = page.locator("a[href*='/forum/forum/']").first.get_attribute("href")
    first = {"subject": PAYLOADS[0][:60], "content": "\n\n".join(CHUNKS[0]), "topic_type": "0"}
    topic = _post(page, token, f"{forum}topic/create/", {**first, **FORMSETS}).split("?")[0]
    assert "/topic/" in topic, topic  # published at once: the moderator needs no approval
    for chunk in CHUNKS[1:]:
        _post(
            page,
            token,
            f"{topic}post/create/",
            {"subject": "Re", "content": "\n\n".join(chunk), **FORMSETS},
        )
    signature = " ".join(p for p in PAYLOADS if len(p) < 40)[:250]
    _post(page, token, "/forum/member/profile/edit/", {"signature": signature})
    return topic


def _assert_inert(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__ran") == [], url
    assert page.evaluate(ARMED) == [], url


@pytest.fixture
def trapped(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    yield page
    assert dialogs == []


def test_the_stored_xss_corpus_runs_no_script_where_it_is_shown(trapped):
    page = trapped
    topic = _store_corpus(page)
    for url in (topic, "/forum/", "/forum/member/profile/edit/"):
        _assert_inert(page, url)
    profile = page.locator("a[href*='/forum/member/profile/']").first.get_attribute("href")
    _assert_inert(page, profile)
    page.context.clear_cookies()  # and as a visitor
    for url in ("/forum/", profile, topic):
        _assert_inert(page, url)
    assert "alert(1)" in page.locator("main").inner_text()  # the corpus is there, as text


def test_a_hostile_visit_request_runs_no_script_in_the_hosts_admin(trapped):
    page = trapped
    page.goto("/spazi/lambrate/")
    visit = {"name": PAYLOADS[3][:100], "email": "visitor@example.org", "website": "",
             "preferred_date": "", "message": "\n".join(PAYLOADS[:30])}  # fmt: skip
    token = page.request.get("/form-token/").json()["token"]  # as the page's script does
    _post(page, token, "/spazi/lambrate/", visit)
    _login(page, "host_lambrate")
    _assert_inert(page, "/admin/snippets/community/visitrequest/")
    link = page.locator("a[href*='/visitrequest/edit/'], a[href*='/visitrequest/inspect/']").first
    _assert_inert(page, link.get_attribute("href"))


def test_a_hostile_profile_runs_no_script_on_the_people_pages(trapped):
    page = trapped
    token = _login(page, "chiara")
    short = [p for p in PAYLOADS if len(p) < 50 and "," not in p and "alert" in p]
    person = {
        "person-visibility": "public",
        "person-display_name": "Zq " + short[0][:70],
        "person-bio": " ".join(PAYLOADS)[:600],
        "person-tags": ", ".join(short[1:6]),
    }
    _post(page, token, "/forum/member/profile/edit/", person)
    page.goto("/persone/?q=Zq")
    card = page.locator("main a[href^='/persone/']", has_text="Zq").first
    profile = card.get_attribute("href")
    for url in ("/persone/?q=Zq", profile, "/forum/member/profile/edit/"):
        _assert_inert(page, url)
    page.context.clear_cookies()  # and as a visitor
    for url in ("/persone/", profile):
        _assert_inert(page, url)
    assert "alert(1)" in page.locator("main").inner_text()  # the corpus is there, as text


@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_a_hostile_search_runs_no_script_on_the_results_page(trapped, payload):
    trapped.goto("/cerca/")
    trapped.fill("#tv-q", payload)
    trapped.press("#tv-q", "Enter")
    trapped.wait_for_load_state("networkidle")
    assert trapped.evaluate("window.__ran") == []
    assert trapped.evaluate(ARMED) == []
