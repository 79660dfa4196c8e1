"""The HTTP cache (Varnish, docs/deploy/varnish.vcl, between nginx and gunicorn): anonymous
pages come from it, members pass through it, and a change reaches anonymous readers within
BOUND because the site bans exactly the pages that show it (their tags) after the commit."""

import html
import http.cookiejar
import json
import re
import time
import urllib.parse
from datetime import date

import pytest

from bench.soak_http import fill, form_with
from tests.staging.client import Browser

BOUND = 1.0  # seconds from the acknowledged write to the last GET that may miss it
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SUBJECT = re.compile(r'name="subject" value="([^"]*)"')


@pytest.fixture
def visitor(staging_url):
    return Browser(staging_url)


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Send the site's Secure cookies (DEBUG=0) over plain HTTP to loopback, as browsers do."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def signed_in(staging_url: str, username: str) -> Browser:
    member = Browser(staging_url)
    member.cookies.set_policy(LoopbackCookies())
    token = TOKEN.search(member.get("/accounts/login/").text).group(1)
    form = {"username": username, "password": "tavolone-demo", "csrfmiddlewaretoken": token}
    assert member.request("/accounts/login/", data=form).status == 302
    return member


def cache_status(browser: Browser, path: str) -> str:
    return browser.get(path).headers.get("X-Cache", "")


def seen_within_bound(visitor: Browser, path: str, text: str, since: float) -> None:
    while text not in visitor.get(path).text:
        assert time.monotonic() - since < BOUND, f"{text!r} did not reach {path} through the cache"
        time.sleep(0.1)


def test_a_second_anonymous_get_is_served_by_the_cache(visitor):
    for path in ("/", "/news/", "/spazi/lambrate/", "/forum/"):
        visitor.get(path)
        response = visitor.get(path)
        assert response.headers.get("X-Cache") == "HIT", path
        assert "Cache-Tags" not in response.headers  # read by Varnish, not shown


def test_each_language_has_its_own_copy(staging_url):
    for language in ("it", "en", "it"):
        reader = Browser(staging_url, language=language)  # the footer switcher's cookie
        reader.get("/news/")
        response = reader.get("/news/")
        assert response.headers.get("X-Cache") == "HIT"
        assert response.headers.get("Content-Language") == language


def test_a_members_pages_and_search_answers_never_come_from_the_cache(visitor, staging_url):
    member = signed_in(staging_url, "giulia")
    for _ in range(2):
        response = member.get("/news/")
        assert response.headers.get("X-Cache") == "PASS"
        assert "giulia" in response.text
    for _ in range(2):  # the index lags the commit: no tag could purge them
        assert cache_status(visitor, "/cerca/?q=tavolo") == "PASS"


def test_a_new_post_reaches_anonymous_readers_within_the_bound(visitor, staging_url):
    home = visitor.get("/").text  # its latest threads
    topic = re.search(r'href="(/forum/forum/[^"]+/topic/[^"?]+/)"', home).group(1)
    visitor.get(topic)
    assert cache_status(visitor, topic) == "HIT"
    moderator = signed_in(staging_url, "moderatrice")
    form_page = moderator.get(topic + "post/create/").text
    reply = f"Risposta dalla cache {time.time_ns()}"
    data = {  # the form's hidden fields (token, formsets' management), its subject, the reply
        **{name: html.unescape(value) for name, value in HIDDEN.findall(form_page)},
        "subject": html.unescape(SUBJECT.search(form_page).group(1)),
        "content": reply,
    }
    assert moderator.request(topic + "post/create/", data=data).status == 302
    seen_within_bound(visitor, topic, reply, since=time.monotonic())


def test_a_publish_reaches_anonymous_readers_within_the_bound(visitor, staging_url):
    visitor.get("/news/")
    assert cache_status(visitor, "/news/") == "HIT"
    editor = signed_in(staging_url, "moderatrice")  # publishes news without moderation
    search = editor.get("/admin/pages/search/?q=News&content_type=community.newsindexpage")
    add = "/admin/pages/add/community/newspage/{}/".format(
        re.search(r"/admin/pages/(\d+)/edit/", search.text).group(1)
    )
    title = f"Notizia dalla cache {time.time_ns()}"
    paragraph = {"key": "c1", "type": "unstyled", "depth": 0, "text": title}
    paragraph.update(inlineStyleRanges=[], entityRanges=[], data={})
    values = {"title": title, "slug": f"cache-{time.time_ns()}", "date": date.today().isoformat()}
    values.update({"intro": title, "body-count": "1", "body-0-type": "paragraph"})
    values["body-0-value"] = json.dumps({"blocks": [paragraph], "entityMap": {}})
    values.update({"body-0-deleted": "", "body-0-order": "0", "body-0-id": ""})
    fields = fill(form_with(editor.get(add).text, "title"), **values, **{"action-publish": "1"})
    answer = editor.request(add, data=urllib.parse.urlencode(fields).encode())
    assert answer.status == 302, answer.text[-2000:]
    seen_within_bound(visitor, "/news/", html.escape(title), since=time.monotonic())
