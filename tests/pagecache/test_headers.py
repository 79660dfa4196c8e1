"""Anonymous pages are public and cookie-free; members' and per-visitor answers are private."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tavolone.pagecache import renditions
from tavolone.pagecache import views as view_counts

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_anonymous_pages_set_no_cookie_and_do_not_vary_on_cookies(client, public_pages):
    for name, url in public_pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert not response.cookies, name
        assert "cookie" not in response.get("Vary", "").lower(), name


def test_anonymous_pages_are_shared_for_a_while_and_browsers_revalidate_them_to_304(
    client, public_pages
):
    for name, url in public_pages.items():
        response = client.get(url)
        policy = set(response["Cache-Control"].split(", "))
        assert {"public", "max-age=0"} <= policy and any(p.startswith("s-maxage=") for p in policy)
        again = client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304, name


def test_the_footer_switches_language_with_a_link_not_a_form(client, public_pages):
    html = client.get(public_pages["news index"]).content.decode()
    assert 'href="/i18n/en/?next=/news/"' in html and "csrfmiddlewaretoken" not in html
    response = client.get("/i18n/en/?next=/news/")
    assert response.status_code == 302 and response["Location"] == "/news/"
    assert client.get("/news/").headers["Content-Language"] == "en"


def test_the_language_link_goes_nowhere_outside_the_site(client, db):
    assert client.get("/i18n/en/?next=https://evil.example/")["Location"] == "/"
    assert client.get("/i18n/xx/?next=/").status_code == 404


def test_a_members_pages_are_private(client, public_pages, coworker):
    client.force_login(coworker)
    for name, url in public_pages.items():
        assert client.get(url)["Cache-Control"].startswith("private"), name


def test_answers_to_a_post_and_pages_with_a_form_token_are_never_shared(client, space_url):
    for response in (
        client.post("/accounts/login/", {"username": "x", "password": "y"}),
        client.post(space_url, {"name": "x"}),  # its visit form, with its errors
        client.get("/accounts/login/"),
        client.get(reverse("form_token")),
    ):
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


@pytest.mark.parametrize("cached", [False, True])
def test_no_anonymous_get_writes_to_the_database(client, public_pages, space_url, cached):
    caches["default"].clear()  # Wagtail's cached renditions of earlier tests' rolled-back rows
    renditions.run_pending()  # the worker's job (on a real site: when the image is saved)
    for name, url in {**public_pages, "space": space_url}.items():
        if cached:
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], name


def test_topic_views_reach_the_database_when_the_worker_flushes_them(client, public_pages):
    from machina.core.db.models import get_model

    Topic = get_model("forum_conversation", "Topic")
    topic_id = int(public_pages["topic"].rstrip("/").rsplit("-", 1)[1])
    before = Topic.objects.get(pk=topic_id).views_count
    for _ in range(3):
        client.get(public_pages["topic"])  # rendered once, then served by the site cache
    assert Topic.objects.get(pk=topic_id).views_count == before
    call_command("worker", "--once")  # the one background process flushes the counts
    assert Topic.objects.get(pk=topic_id).views_count == before + 3
    assert view_counts.run_pending() == 0  # counted once


def test_the_worker_makes_every_rendition_the_templates_ask_for():
    import re
    from pathlib import Path

    used = set()
    for template in Path("templates").rglob("*.html"):
        used |= set(
            re.findall(r"{% image \S+ ((?:fill|max|min|width|height)-[\dx]+)", template.read_text())
        )
    assert used and used <= set(renditions.SPECS)
