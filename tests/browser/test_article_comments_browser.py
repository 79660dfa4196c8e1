"""A reader signs in from an article's comment box, comments, and is back on the article."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_reader_signs_in_from_the_article_and_comments_on_it(page):
    page.goto("/news/")
    page.locator(".tv-news-item h2 a").first.click()
    article = page.url.split("#")[0]
    page.locator(".tv-discussion").get_by_role("link", name="Accedi per commentare").click()
    page.fill("#id_username", "giulia")  # a demo coworker
    page.fill("#id_password", "tavolone-demo")
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page).to_have_url(re.compile(re.escape(article)))
    page.locator(".tv-comment-form textarea[name=content]").fill("Porto i biscotti.")
    page.locator(".tv-comment-form").get_by_role("button", name="Pubblica il commento").click()
    expect(page).to_have_url(re.compile(re.escape(article) + "#commenti"))
    expect(page.locator(".tv-discussion")).to_contain_text("Porto i biscotti.")
    expect(page.locator(".tv-discussion")).to_contain_text("Leggi tutta la discussione")
