"""Every absolute link (emails, feeds, sitemap, canonical links) comes from SITE_URL, never from
Django's example.com, Wagtail's localhost or the request's Host header."""

import re

import pytest
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site as WagtailSite

from tests.forum.conftest import post_reply
from tests.forum.factories import TopicFactory, UserFactory

PUBLIC = "https://tavolone.example.org"
WRONG = re.compile(r"example\.com|localhost|127\.0\.0\.1|testserver|evil\.example\.net")
XML_NAMESPACE = re.compile(r"http://(www\.w3\.org|purl\.org|www\.sitemaps\.org)/")
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def public_site(settings):
    settings.SITE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["tavolone.example.org", "evil.example.net", "testserver"]


@pytest.fixture
def public_demo(public_site, demo):
    return demo


def links(text):
    return LINK.findall(text)


def assert_public(found):
    assert found, "no absolute link at all"
    assert all(link.startswith(PUBLIC + "/") for link in found), found
    assert not any(WRONG.search(link) for link in found), found


def test_migrate_points_djangos_and_wagtails_site_at_site_url(public_site, db):
    call_command("migrate", verbosity=0)
    assert DjangoSite.objects.get_current().domain == "tavolone.example.org"
    default = WagtailSite.objects.get(is_default_site=True)
    assert (default.hostname, default.port, default.root_url) == (
        "tavolone.example.org",
        443,
        PUBLIC,
    )


def test_load_demo_points_wagtails_site_at_site_url(public_demo):
    assert WagtailSite.objects.get(is_default_site=True).root_url == PUBLIC


def test_the_password_reset_email_links_to_site_url_whatever_the_host(public_site, coworker):
    client = Client(HTTP_HOST="evil.example.net")
    client.post("/accounts/password_reset/", {"email": coworker.email})
    (email,) = mail.outbox
    assert_public(links(email.body))
    assert "/accounts/reset/" in email.body


def test_feeds_and_the_sitemap_link_only_to_site_url(public_demo):
    client = Client(HTTP_HOST="evil.example.net")
    for url in ("/news/feed/rss/", "/news/feed/atom/", "/forum/feeds/topics/", "/sitemap.xml"):
        body = client.get(url).content.decode()
        assert_public([link for link in links(body) if not XML_NAMESPACE.match(link)])


def test_canonical_and_open_graph_links_use_site_url(public_demo):
    client = Client(HTTP_HOST="evil.example.net")
    for url in ("/", "/news/", "/spazi/", "/news/serate-autunno/"):
        html = client.get(url).content.decode()
        assert_public(
            re.findall(
                r'(?:rel="canonical" href|property="og:(?:url|image)" content)="([^"]*)"', html
            )
        )


def test_reply_notifications_link_to_site_url(public_site, db, django_capture_on_commit_callbacks):
    author, member = UserFactory(username="autrice"), UserFactory(username="fidata")
    topic = TopicFactory(poster=author)
    topic.subscribers.add(author)
    for _ in range(3):  # trusted: the reply is approved at once
        TopicFactory(poster=member)
    client = Client(HTTP_HOST="evil.example.net")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_reply(client, topic, "Ci sono anch'io.").status_code == 302
    (email,) = mail.outbox
    assert_public(links(email.body) + links(email.extra_headers["List-Unsubscribe"]))


def test_an_outdated_information_report_links_to_site_url(public_site, manager_a, tree):
    client = Client(HTTP_HOST="evil.example.net")
    client.post(f"/spazi/dati/{tree['a'].pk}/segnala/", {"message": "Ha chiuso."})
    (email,) = mail.outbox
    assert_public(links(email.body))
