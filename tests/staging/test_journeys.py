"""People's journeys through the staging topology, in Debian's chromium, as they would click.

Everything goes through nginx to gunicorn with DEBUG=0, the database and cache of production
and the background workers; emails are read from the files the site wrote.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import DESKTOP

pytestmark = [pytest.mark.browser]
LOOPBACK = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")
PASSWORD = "tavolone-demo"


@pytest.fixture
def open_page(browser, staging_url):
    """A new browser (its own cookies) on the staging site; nothing leaves the machine."""
    contexts = []

    def open_page(locale: str = "it-IT"):
        context = browser.new_context(base_url=staging_url, viewport=DESKTOP, locale=locale)
        context.route(
            "**/*",
            lambda route: route.continue_() if LOOPBACK.match(route.request.url) else route.abort(),
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = PASSWORD, next_path: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page.locator("header")).to_contain_text(username)


def wait_for_mail(mail_dir, text: str, seconds: float = 10) -> str:
    """The body of the first email file that contains `text` (the site writes one per send)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")):
            body = path.read_text(errors="replace")
            if text in body:
                return body
        time.sleep(0.2)
    raise AssertionError(f"no email containing {text!r} within {seconds} s")


def test_a_visitor_filters_the_directory_opens_a_space_and_books_a_visit(open_page, mail_dir):
    page = open_page()
    page.goto("/")
    page.locator("header").get_by_role("link", name="Spazi").click()
    page.select_option("#f-city", "Milano")
    page.get_by_label("Accesso 24 ore").check()
    page.get_by_label("Parcheggio").check()
    page.locator("main form").get_by_role("button").first.click()
    assert "amenity=accesso-24h" in page.url and "amenity=parcheggio" in page.url
    titles = page.locator(".tv-space-card .card-title").all_inner_texts()
    assert sorted(titles) == ["Bicocca Campus Cowork", "Fabbrica Bovisa"]
    page.get_by_role("link", name="Mappa").click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    page.goto("/spazi/lambrate/")
    page.get_by_label("Nome").fill("Lucia Verdi")
    page.get_by_label("Email").fill("lucia@")
    page.get_by_label("Messaggio").fill("Posso venire giovedì alle 10?")
    page.locator("#visit").get_by_role("button").click()
    expect(page.get_by_label("Messaggio")).to_have_value("Posso venire giovedì alle 10?")
    page.get_by_label("Email").fill("lucia@example.org")
    page.locator("#visit").get_by_role("button").click()
    expect(page.locator(".tv-messages")).to_contain_text("Grazie")
    body = wait_for_mail(mail_dir, "Lucia Verdi")
    assert "giovedì alle 10" in body and "lucia@example.org" in body


def test_the_language_switch_holds_on_cms_and_forum_pages(open_page):
    page = open_page()
    for path, english in (("/news/", "News"), ("/forum/", "Forum")):
        page.goto(path)
        page.select_option("#tv-lang", "en")
        page.locator("footer").get_by_role("button").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("header")).to_contain_text("Log in")
        expect(page.locator("main")).to_contain_text(english)
        page.select_option("#tv-lang", "it")
        page.locator("footer").get_by_role("button").click()
        expect(page.locator("header")).to_contain_text("Accedi")


def space_id(page, slug: str) -> str:
    """A space page's id, as its public report form shows it."""
    page.goto(f"/spazi/{slug}/")
    action = page.locator("#freshness form[action*='/segnala/']").get_attribute("action")
    return re.search(r"/spazi/dati/(\d+)/segnala/", action).group(1)


def test_a_space_manager_edits_own_space_and_it_waits_for_moderation(open_page):
    page = open_page()
    lambrate = space_id(page, "lambrate")
    log_in(page, "host_lambrate")
    page.goto(f"/admin/pages/{lambrate}/edit/")
    page.fill("#id_tagline", "Ora aperti anche la domenica")
    page.get_by_role("button", name="Altre azioni").click()
    page.get_by_role("button", name=re.compile("^Invia a")).click()
    expect(page.locator(".messages")).to_contain_text("inviata per moderazione")
    page.goto("/spazi/lambrate/")
    expect(page.locator("main")).not_to_contain_text("Ora aperti anche la domenica")


def test_a_space_manager_confirms_own_data_and_cannot_open_another_space(open_page):
    page = open_page()
    bovisa = space_id(page, "bovisa")
    log_in(page, "host_lambrate", next_path="/spazi/lambrate/")
    page.get_by_role("button", name="Conferma che i dati sono aggiornati").click()
    expect(page.locator("#freshness")).to_contain_text("Dati confermati il")
    page.goto("/spazi/bovisa/")
    expect(page.get_by_role("button", name="Conferma che i dati sono aggiornati")).to_have_count(0)
    page.goto(f"/admin/pages/{bovisa}/edit/")
    expect(page).not_to_have_url(re.compile(r"/edit/$"))
    expect(page.locator("body")).to_contain_text("permess")
