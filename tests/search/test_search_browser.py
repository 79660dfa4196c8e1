"""Where a person types: the header box suggests titles as you type, the results page shows
highlighted matches and narrows by a facet (Playwright driving Debian's chromium)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_header_box_suggests_titles_and_opens_one_with_the_keyboard(page):
    page.goto("/")
    page.locator("#tv-q").press_sequentially("lambrate", delay=60)
    options = page.locator("#tv-ac-0").get_by_role("option")
    expect(options.filter(has_text="Tavolone Lambrate")).to_have_count(1)
    expect(page.locator("#tv-q")).to_have_attribute("aria-expanded", "true")
    first = options.first.get_by_role("link").get_attribute("href")
    page.press("#tv-q", "ArrowDown")
    page.press("#tv-q", "Enter")
    expect(page).to_have_url(re.compile(re.escape(first) + "$"))


def test_results_highlight_matches_and_a_facet_narrows_them(page):
    page.goto("/cerca/?q=scrivanie")
    expect(page.locator(".tv-results mark").first).to_be_visible()
    page.locator("aside").get_by_role("link", name=re.compile("^(Spazi|Spaces)$")).click()
    expect(page).to_have_url(re.compile(r"kind=space"))
    expect(page.locator(".tv-hit-thread")).to_have_count(0)
