"""People's journeys through the staging topology, in Debian's chromium, as they would click.

Everything goes through nginx to gunicorn with DEBUG=0, the database and cache of production
and the background workers; emails are read from the files the site wrote.
"""

import re
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import DESKTOP
from tests.staging.client import Browser, log_in

pytestmark = [pytest.mark.browser]


@pytest.fixture
def open_page(browser, staging_url):
    """A new browser (its own cookies) on the staging site; nothing leaves the machine."""
    contexts = []

    def open_page(locale: str = "it-IT"):
        context = browser.new_context(base_url=staging_url, viewport=DESKTOP, locale=locale)
        # Nothing leaves the machine: chromium resolves no host name but loopback's
        # (CHROMIUM_ARGS). No request interception here: it breaks Wagtail's autosave requests.
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def wait_for_mail(mail_dir, *texts: str, seconds: float = 10) -> str:
    """The body of the first email file that contains every one of `texts` (the site writes one
    file per send)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")):
            body = path.read_text(errors="replace")
            if all(text in body for text in texts):
                return body
        time.sleep(0.2)
    raise AssertionError(f"no email containing {texts!r} within {seconds} s")


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
        page.locator("footer").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("header")).to_contain_text("Log in")
        expect(page.locator("main")).to_contain_text(english)
        page.locator("footer").get_by_role("link", name="Italiano").click()
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


def admin_actions(page, action) -> None:
    """Click an action of the page editor's footer menu (the first is outside the menu)."""
    page.get_by_role("button", name="Altre azioni").click()
    page.get_by_role("button", name=action).click()


def go_live_in_two_minutes() -> tuple[str, float]:
    """A go-live 1–2 minutes ahead in the site's time zone (the field takes minutes)."""
    rome = datetime.now(ZoneInfo("Europe/Rome")).replace(second=0, microsecond=0)
    at = rome + timedelta(minutes=2)
    return at.strftime("%Y-%m-%d %H:%M"), at.timestamp()


PUBLIC_SURFACES = ["/news/", "/forum/", "/news/feed/rss/", "/news/feed/atom/", "/sitemap.xml"]


def test_an_article_goes_from_draft_through_moderation_to_a_scheduled_go_live(
    open_page, staging_url
):
    title, slug = "Porte aperte in tutta la rete", "porte-aperte-in-tutta-la-rete"
    editor = open_page()
    log_in(editor, "redazione")
    editor.goto("/admin/pages/search/?q=News&content_type=community.newsindexpage")
    news_index = re.search(
        r"/admin/pages/(\d+)/", editor.locator("main a[href$='/edit/']").first.get_attribute("href")
    ).group(1)
    editor.goto(f"/admin/pages/add/community/newspage/{news_index}/")
    editor.fill("#id_title", title)
    editor.fill("#id_date", date.today().isoformat())
    editor.fill("#id_intro", "Un sabato di tavoli aperti.")
    editor.locator(".c-sf-add-button").first.click()
    editor.get_by_role("option", name="paragrafo").click()
    editor.locator("[contenteditable=true]").first.fill("Tutti gli spazi aprono le porte.")
    editor.locator(".c-sf-add-button").last.click()
    editor.get_by_role("option", name="immagine con didascalia").click()
    editor.get_by_role("button", name="Scegli una immagine").click()
    editor.locator(".modal a.image-choice").first.click()
    admin_actions(editor, re.compile("^Invia a"))
    expect(editor.locator(".messages")).to_contain_text("inviata per moderazione")
    edit = editor.locator(".messages a[href$='/edit/']").first.get_attribute("href")
    article = re.search(r"/admin/pages/(\d+)/edit/", edit).group(1)

    moderator = open_page()
    log_in(moderator, "moderatrice", next_path="/admin/")
    # The dashboard's "awaiting your review" panel links the preview (in a new tab).
    preview = moderator.locator(f"a[href*='/workflow/preview/{article}/']").first
    assert moderator.goto(preview.get_attribute("href")).status == 200
    moderator.goto(f"/admin/pages/{article}/edit/")
    admin_actions(moderator, "Richiedi modifiche")
    moderator.fill("[role=dialog]:visible #id_comment", "Manca l'orario.")
    moderator.locator("[role=dialog]:visible").get_by_role(
        "button", name="Richiedi modifiche"
    ).click()
    expect(moderator.locator(".messages")).to_be_visible()

    editor.goto(f"/admin/pages/{article}/edit/")
    editor.fill("#id_intro", "Un sabato di tavoli aperti, dalle 10 alle 18.")
    admin_actions(editor, re.compile("^Invia di nuovo a"))
    expect(editor.locator(".messages")).to_contain_text("inviata per moderazione")

    moderator.goto(f"/admin/pages/{article}/edit/")
    moderator.locator("[data-side-panel-toggle='status']").first.click()
    moderator.get_by_role("button", name="Pianifica pubblicazione").click()
    go_live, go_live_ts = go_live_in_two_minutes()
    moderator.fill("[role=dialog]:visible #id_go_live_at", go_live)
    # Wagtail's date picker stays open over the dialog's button at some hours of the day: press
    # the button itself (a person would close the picker first), not the point it is drawn at.
    save = moderator.locator("[role=dialog]:visible").get_by_role("button", name="Salva programma")
    save.evaluate("button => button.click()")
    admin_actions(moderator, "Approva e Pubblica")
    expect(moderator.locator(".messages")).to_be_visible()

    visitor = Browser(staging_url)
    assert visitor.get(f"/news/{slug}/").status == 404
    forum_index = visitor.get("/forum/").text
    news_forum = re.search(r'href="(/forum/forum/commenti-alle-news-\d+/)"', forum_index).group(1)
    searches = ["/cerca/?q=porte+aperte", "/api/search?q=porte+aperte"]
    for path in [*PUBLIC_SURFACES, news_forum, *searches]:
        text = visitor.get(path).text
        assert title not in text and slug not in text, path
    while time.time() < go_live_ts + 60 and visitor.get(f"/news/{slug}/").status != 200:
        time.sleep(2)
    live = visitor.get(f"/news/{slug}/")
    assert live.status == 200 and "dalle 10 alle 18" in live.text
    # Its discussion thread is public now, in its forum (not yet among the latest: no comment).
    assert title in visitor.get(news_forum).text

    reader = open_page()
    log_in(reader, "giulia", next_path=f"/news/{slug}/")
    reader.locator(".tv-comment-form textarea[name=content]").fill("Ci sarò, porto il caffè!")
    reader.locator(".tv-comment-form [type=submit]").click()
    expect(reader).to_have_url(re.compile(f"/news/{slug}/#commenti"))
    expect(reader.locator(".tv-discussion")).to_contain_text("porto il caffè")


def test_a_coworker_resets_the_password_from_the_emailed_link(open_page, mail_dir, staging_url):
    page = open_page()
    page.goto("/accounts/login/")
    page.locator("main").get_by_role("link", name=re.compile("dimenticat", re.I)).click()
    page.fill("#id_email", "marco@tavolone.local")
    page.locator("main form [type=submit]").click()
    body = wait_for_mail(mail_dir, "marco")
    link = re.search(r"(https?://\S+/accounts/reset/\S+/)", body).group(1)
    assert link.startswith(staging_url + "/"), link  # SITE_URL, never example.com
    page.goto(link)
    page.fill("#id_new_password1", "un-tavolo-nuovo-77")
    page.fill("#id_new_password2", "un-tavolo-nuovo-77")
    page.locator("main form [type=submit]").click()
    log_in(open_page(), "marco", password="un-tavolo-nuovo-77")


def mail_link(body: str, path_part: str) -> str:
    link = rf"(https?://[^\s<>\"]*{re.escape(path_part)}[^\s<>\"]*)"  # not the header's <…>
    return re.search(link, body).group(1)


def test_a_newcomer_signs_up_and_a_first_reply_goes_through_moderation(
    open_page, mail_dir, staging_url
):
    newcomer = open_page()
    newcomer.goto("/accounts/signup/")
    newcomer.fill("#id_username", "lucia")
    newcomer.fill("#id_email", "lucia.nuova@example.org")
    newcomer.fill("#id_password1", "tavolo-lungo-42")
    newcomer.fill("#id_password2", "tavolo-lungo-42")
    newcomer.locator("main form [type=submit]").click()
    confirm = mail_link(wait_for_mail(mail_dir, "/accounts/confirm/"), "/accounts/confirm/")
    assert confirm.startswith(staging_url + "/"), confirm
    log_in(newcomer, "lucia", password="tavolo-lungo-42")
    newcomer.goto(confirm)
    expect(newcomer.locator("main")).to_contain_text("confermat")

    follower = open_page()  # giulia follows a thread of the notice board
    log_in(follower, "giulia", next_path="/forum/")
    follower.locator("main a[href*='/forum/forum/bacheca']").first.click()
    follower.locator("main a.topic-name-link").first.click()
    thread = urlsplit(follower.url).path
    if follower.get_by_role("link", name="Iscriviti").count():
        follower.get_by_role("link", name="Iscriviti").click()

    newcomer.goto(thread)
    newcomer.locator("main a[href$='/post/create/']").first.click()
    newcomer.locator(".CodeMirror").first.click()
    newcomer.keyboard.type("Propongo il nome Ficus Tavolinus, parola di zafferano.")
    newcomer.locator("main form [type=submit]").last.click()
    expect(newcomer.locator(".tv-messages, .alert").first).to_contain_text("approvazione")
    visitor = Browser(staging_url)
    assert "Tavolinus" not in visitor.get(thread).text

    moderator = open_page()
    log_in(moderator, "moderatrice", next_path="/forum/moderation/queue/")
    queued = moderator.locator("main a[href*='/moderation/queue/']").all()
    next(a for a in queued if re.search(r"/queue/\d+/$", a.get_attribute("href"))).click()
    moderator.locator("main a[href$='/approve/']").click()
    moderator.locator("main form button").first.click()  # machina: "Yes, I'm sure"
    approved_at = time.monotonic()

    found = False
    while not found and time.monotonic() - approved_at < 1.0:
        found = "Tavolinus" in visitor.get("/cerca/?q=zafferano").text
    follower.fill("#tv-q", "zafferano")
    follower.press("#tv-q", "Enter")
    expect(follower.locator("main")).to_contain_text("Tavolinus")
    assert found, "the approved reply was not findable within a second"

    body = wait_for_mail(mail_dir, "Tavolinus", "/unsubscribe/")  # the follower's, not the queue's
    read, unsubscribe = mail_link(body, "/forum/forum/"), mail_link(body, "/unsubscribe/")
    assert read.startswith(staging_url + "/") and unsubscribe.startswith(staging_url + "/")
    follower.goto(read)
    expect(follower.locator("main")).to_contain_text("Tavolinus")
    follower.locator("main a[href$='/post/create/']").first.click()
    follower.locator(".CodeMirror").first.click()
    follower.keyboard.type("Bel nome, Lucia!")
    follower.locator("main form [type=submit]").last.click()
    expect(follower.locator("main")).to_contain_text("Bel nome, Lucia!")
    follower.goto(unsubscribe)
    follower.locator("main form [type=submit]").click()
    expect(follower.locator("main")).to_contain_text("Non riceverai più email")


def test_an_attachment_leaves_only_through_the_checked_view_and_nginx(
    open_page, staging_url, tmp_path
):
    minutes = tmp_path / "verbale tavolo.pdf"
    minutes.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    member = open_page()
    log_in(member, "giulia", next_path="/forum/")
    member.locator("main a[href*='/forum/forum/bacheca']").first.click()
    member.locator("main a[href$='/topic/create/']").first.click()
    member.fill("#id_subject", "Verbale della riunione")
    member.locator(".CodeMirror").first.click()
    member.keyboard.type("Il verbale di ieri è allegato.")
    member.get_by_role("link", name="Allegati").click()
    member.locator("input[type=file]").first.set_input_files(str(minutes))
    member.locator("main form [type=submit]").last.click()
    link = member.locator("main .attachment a", has_text="verbale tavolo.pdf").first
    download = member.request.get(link.get_attribute("href"))  # with the member's session
    assert download.status == 200 and download.body().startswith(b"%PDF")
    assert "attachment" in download.headers["content-disposition"]
    assert "sandbox" in download.headers["content-security-policy"]  # nginx's internal location
    assert Browser(staging_url).get("/_protected/").status == 404  # internal: never direct
