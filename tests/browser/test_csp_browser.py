"""The Content-Security-Policy breaks nothing: chromium reports no violation on the site's
pages (map, forum editor, search) nor in Wagtail's admin, and their scripts run."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


# machina's Markdown editor (EasyMDE) also tries to load Font Awesome from a CDN; the policy
# blocks that on purpose (no third-party CSS), and machina's own CSS already has the icons.
EXPECTED = "maxcdn.bootstrapcdn.com/font-awesome/"


def _violations(page):
    found = []

    def on_console(message):
        if "Content Security Policy" in message.text and EXPECTED not in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "tavolone-demo")
    page.locator("main").get_by_role("button", name="Accedi").click()


def test_the_sites_pages_and_their_scripts_run_under_the_policy(page):
    violations = _violations(page)
    _log_in(page, "giulia")
    for url in ("/", "/news/", "/forum/", "/cerca/?q=tavolo", "/spazi/lambrate/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto("/spazi/?view=map")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(14)  # Leaflet ran
    page.goto("/forum/")
    boards = page.locator("a[href^='/forum/forum/']").evaluate_all("(a) => a.map(e => e.href)")
    for board in boards:  # the first board where a coworker may start a topic
        page.goto(board)
        if page.locator("a[href$='/topic/create/']").count():
            page.goto(page.locator("a[href$='/topic/create/']").first.get_attribute("href"))
            break
    expect(page.locator(".EasyMDEContainer, .editor-toolbar").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_wagtails_admin_runs_under_its_own_policy(page):
    violations = _violations(page)
    _log_in(page, "redazione")
    for url in ("/admin/", "/admin/images/", "/admin/pages/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.locator("a[href$='/edit/'][href^='/admin/pages/']").first.click()  # the page editor
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-contentpath='title'] input, #id_title").first).to_be_visible()
    assert violations == []
    expect(page.locator("#wagtail-sidebar .sidebar-main-menu")).to_be_attached()  # React ran
