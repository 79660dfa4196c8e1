"""Where a person clicks: the directory's map and filters, and booking a visit, in chromium."""

import re
from importlib import import_module

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
LOOPBACK = re.compile(r"^https?://(127\.0\.0\.1|localhost)[:/]")


@pytest.fixture(scope="module", autouse=True)
def _db_beside_playwright():
    # Playwright's sync API keeps an event loop in this thread; the test's own database calls
    # (setup, flush) are plain synchronous ones, so let Django make them here (this module only).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def tree_root(transactional_db):
    """The live server needs real commits; the flush between tests also removes what the
    migrations created (Wagtail's root page, collection and locale; the forum's boards and their
    permissions), so put them back the way the migrations do."""
    from django.apps import apps
    from wagtail.models import Collection, Locale, Page

    if not Collection.objects.exists():
        Collection.add_root(name="Root")

    if not Page.objects.exists():
        locale, _ = Locale.objects.get_or_create(language_code="it")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))

    import_module("forum.migrations.0013_boards_and_permissions").create_boards(apps, None)
    import_module("forum.migrations.0017_host_forum_moderators").grant(apps, None)


@pytest.fixture
def page(live_server, tree_root, network, browser, settings):
    settings.MAP_TILES_URL = ""  # no base map: nothing leaves this machine
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.route(
        "**/*",
        lambda route: route.continue_() if LOOPBACK.match(route.request.url) else route.abort(),
    )
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_map_view_pins_every_space_and_a_pin_leads_to_its_page(page):
    page.goto("/spazi/")
    page.get_by_role("link", name="Map").click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(14)
    page.locator('.leaflet-marker-icon[title="Fabbrica Bovisa"]').click()
    page.locator(".leaflet-popup-content a").click()
    expect(page).to_have_url(re.compile(r"/spazi/bovisa/$"))


def test_ticking_amenities_narrows_the_list_and_the_url_can_be_shared(page):
    page.goto("/spazi/")
    page.get_by_label("24-hour access").check()  # this module reads the site in English
    page.get_by_label("Parking").check()
    page.get_by_role("button", name="Filter").click()
    # expect() waits for the navigation the submit starts; a bare read can see the old page.
    expect(page).to_have_url(re.compile(r"amenity=accesso-24h&amenity=parcheggio"))
    expect(page.locator(".tv-space-card .card-title")).to_have_text(
        ["Bicocca Campus Cowork", "Fabbrica Bovisa"]
    )


def test_a_visitor_books_a_visit_and_fixes_a_mistake_without_retyping(page):
    page.goto("/spazi/lambrate/")
    page.get_by_label("Name").fill("Lucia Verdi")
    page.get_by_label("Email").fill("lucia@")
    page.get_by_label("Message").fill("Posso venire giovedì?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    expect(page.get_by_label("Message")).to_have_value("Posso venire giovedì?")
    page.get_by_label("Email").fill("lucia@example.org")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".tv-messages, main").first).to_contain_text("Thank you")
