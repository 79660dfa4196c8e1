"""A Content-Security-Policy on every response: scripts from our files or carrying the nonce,
images from us and the map tiles only; the admins get their own looser policy."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")
SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_pages_carry_the_policy_when_debug_is_off(production, demo):
    policy = directives(Client().get("/"))
    assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_images_come_only_from_the_site_and_the_map_tiles(production, demo):
    policy = directives(Client().get("/spazi/"))
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_key_pages_have_no_inline_script_without_the_nonce(production, demo, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="giulia"))
    topic = Topic.objects.filter(approved=True).first()
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
    pages = [
        "/",
        "/spazi/",
        "/spazi/isola/",
        "/news/",
        "/forum/",
        "/cerca/?q=tavolo",
        reverse("forum_conversation:topic_create", kwargs=kwargs),
        reverse("forum_conversation:topic", kwargs={**kwargs, "slug": topic.slug, "pk": topic.pk}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html, policy = response.content.decode(), directives(response)
        for attributes in SCRIPT.findall(html):
            if "src=" not in attributes:
                nonce = re.search(r'nonce="([^"]+)"', attributes).group(1)
                assert f"'nonce-{nonce}'" in policy["script-src"], url
        assert not HANDLER.search(html), url


def test_the_admin_gets_its_own_looser_policy_and_the_site_does_not(production, admin_client):
    assert "'unsafe-inline'" in directives(admin_client.get("/admin/"))["script-src"]
    assert "'unsafe-inline'" not in directives(admin_client.get("/accounts/login/"))["script-src"]
