"""Where a person clicks: sign up, log in and out, switch language, search, the phone menu."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_demo_started_like_make_run_is_served_by_gunicorn(demo_server):
    with urllib.request.urlopen(demo_server + "/spazi/lambrate/") as response:  # noqa: S310
        assert response.status == 200
        assert "Tavolone Lambrate" in response.read().decode()


def test_a_visitor_signs_up_is_asked_to_confirm_the_address_and_can_log_in(page):
    page.goto("/")
    page.locator("header").get_by_role("link", name="Registrati").click()
    page.fill("#id_username", "lucia")
    page.fill("#id_email", "lucia@example.org")
    page.fill("#id_password1", "tavolo-lungo-42")
    page.fill("#id_password2", "tavolo-lungo-42")
    page.locator("main").get_by_role("button", name="Registrati").click()
    expect(page.locator("h1")).to_contain_text("Controlla la tua email")
    page.locator("main").get_by_role("link", name="Accedi").click()
    page.fill("#id_username", "lucia")
    page.fill("#id_password", "tavolo-lungo-42")
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page.locator("header")).to_contain_text("lucia")


def test_a_coworker_logs_in_and_out_from_the_header(page):
    page.goto("/spazi/")
    page.locator("header").get_by_role("link", name="Accedi").click()
    page.fill("#id_username", "giulia")  # a demo coworker
    page.fill("#id_password", "tavolone-demo")
    page.locator("main").get_by_role("button", name="Accedi").click()
    expect(page).to_have_url(re.compile(r"/spazi/$"))
    expect(page.locator("header")).to_contain_text("giulia")
    page.locator("header").get_by_role("button", name="Esci").click()
    expect(page.locator("header").get_by_role("link", name="Accedi")).to_be_visible()


def test_the_footer_switches_the_language_to_english_and_back(page):
    page.goto("/news/")
    page.locator("footer").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header")).to_contain_text("Log in")
    expect(page).to_have_url(re.compile(r"/news/$"))
    page.locator("footer").get_by_role("link", name="Italiano").click()
    expect(page.locator("header")).to_contain_text("Accedi")


def test_the_header_search_box_submits_to_cerca(page):
    page.goto("/")
    page.fill("#tv-q", "Lambrate")
    page.press("#tv-q", "Enter")
    expect(page).to_have_url(re.compile(r"/cerca/\?q=Lambrate"))
    expect(page.locator("main")).to_contain_text("Tavolone Lambrate")


def test_the_menu_folds_on_a_phone_and_opens_on_tap(phone, shots_dir):
    phone.goto("/")
    nav = phone.locator("#tv-nav")
    expect(nav).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Spazi")).to_be_visible()
    phone.screenshot(path=shots_dir / "phone-menu.png", full_page=False)


def test_the_home_page_looks_whole_on_a_desktop(page, shots_dir):
    page.goto("/")
    expect(page.locator("header nav")).to_be_visible()
    expect(page.locator("footer")).to_be_visible()
    page.keyboard.press("Tab")  # the first Tab lands on the skip link, which then shows
    expect(page.get_by_role("link", name="Vai al contenuto")).to_be_visible()
    page.screenshot(path=shots_dir / "home-desktop.png", full_page=True)


# Each header cell of the forum's lists: its text fits its column and touches no neighbour.
HEADER_CELLS_OVERLAP = """() => [...document.querySelectorAll('.card-header .row')].flatMap(row => {
  const cells = [...row.children].filter(c => c.offsetParent !== null);
  const bad = cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim());
  cells.slice(1).forEach((c, i) => {
    const right = c.getBoundingClientRect();
    const range = document.createRange(); range.selectNodeContents(cells[i]);
    if (range.getBoundingClientRect().right > right.left + 1) bad.push(cells[i].textContent.trim());
  });
  return bad;
})"""


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_forum_lists_column_headers_stay_apart_on_a_desktop(page, language, shots_dir):
    page.goto(f"/i18n/{language}/?next=/forum/")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator(".card-header .row").count() > 0
    assert page.evaluate(HEADER_CELLS_OVERLAP) == []
    link = page.locator(".card-header .row a").first  # a category's or forum's own list
    href = link.get_attribute("href")
    link.click()
    # The load event: until then the old page's h1 or an unstyled new page may be measured.
    page.wait_for_url(f"**{href}", wait_until="load")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate(HEADER_CELLS_OVERLAP) == []
    page.screenshot(path=shots_dir / f"forum-index-{language}.png", full_page=False)
