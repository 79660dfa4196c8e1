"""nginx's HTTP cache (docs/deploy/nginx.conf): anonymous pages come from it, members bypass
it, and a change reaches anonymous readers within the site's bound (PROXY_CACHE_SECONDS, 1 s:
nginx keeps a page to the end of the second it got it in, then revalidates with its ETag)."""

import html
import http.cookiejar
import re
import time

import pytest

from tests.staging.client import Browser

BOUND = 1.0  # PROXY_CACHE_SECONDS: the last GET that may miss the reply starts within it
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
    return browser.get(path).headers.get("X-Cache-Status", "")


def test_a_second_anonymous_get_is_served_by_nginx(visitor):
    for path in ("/", "/news/", "/spazi/lambrate/", "/forum/"):
        visitor.get(path)
        assert cache_status(visitor, path) == "HIT", path


def test_a_members_pages_never_come_from_the_cache(staging_url):
    member = signed_in(staging_url, "giulia")
    for _ in range(2):
        response = member.get("/news/")
        assert response.headers.get("X-Cache-Status") == "BYPASS"
        assert "giulia" in response.text


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
    posted = time.monotonic()
    while reply not in visitor.get(topic).text:
        assert time.monotonic() - posted < BOUND, "the reply did not reach the cache's readers"
        time.sleep(0.1)
