"""The Content-Security-Policy breaks nothing: chromium reports no violation on the site's
pages (map, forum editor, search) nor in Wagtail's admin, and their scripts run."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _violations(page):
    found = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
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
