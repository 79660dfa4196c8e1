"""Nothing leaks: a token planted in a draft, a private page, an unapproved post and a post in
the private Host forum never reaches anyone who may not read it, through any search surface."""

from __future__ import annotations

import pytest
from machina.core.db.models import get_model

from search import services
from tests.search import helpers
from tests.search.helpers import SECRETS

ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

pytestmark = pytest.mark.django_db
HIDDEN_FROM_EVERYONE = ["draft", "private_page", "unapproved"]


# Other words of the secret documents: searching them must not reveal the token either.
NEIGHBOURS = "bozza riservata attesa testo host solo"


def assert_hidden(client, token: str) -> None:
    """Every surface: the page and the API (hits, counts, facets, snippets, suggestion) for the
    token, its typo and its neighbouring words; autocomplete; did-you-mean."""
    typo = token[:-1] + "q"
    data = client.get("/api/search", {"q": token}).json()
    assert (data["total"], data["hits"], data["facets"]) == (0, [], {})
    for q in (typo, NEIGHBOURS, *NEIGHBOURS.split()):
        for url in ("/cerca/", "/api/search", "/api/suggest"):
            body = client.get(url, {"q": q}).content.decode()
            assert token not in body, f"{token} leaked through {url}?q={q}"
    for prefix in (token[:4], token[:6], token):
        assert client.get("/api/autocomplete", {"q": prefix}).json()["results"] == []


@pytest.mark.parametrize("secret", HIDDEN_FROM_EVERYONE)
def test_it_hides_drafts_private_pages_and_unapproved_posts_from_visitors(client, network, secret):
    assert_hidden(client, SECRETS[secret])


@pytest.mark.parametrize("secret", HIDDEN_FROM_EVERYONE)
def test_it_hides_them_from_signed_in_coworkers_too(coworker_client, network, secret):
    assert_hidden(coworker_client, SECRETS[secret])


def test_it_hides_the_private_forum_from_visitors(client, network):
    assert_hidden(client, SECRETS["private_forum"])


def test_it_hides_the_private_forum_from_coworkers(coworker_client, network):
    assert_hidden(coworker_client, SECRETS["private_forum"])


def test_it_shows_the_private_forum_to_space_hosts(client, network, host_user):
    client.force_login(host_user)
    data = client.get("/api/search", {"q": SECRETS["private_forum"]}).json()
    assert data["total"] == 1


def test_it_keeps_private_forum_words_out_of_everyones_suggestions(client, network, host_user):
    client.force_login(host_user)
    typo = SECRETS["private_forum"][:-1] + "x"
    assert client.get("/api/suggest", {"q": typo}).json()["suggestion"] == ""
    assert client.get("/api/autocomplete", {"q": "glox"}).json()["results"] == []


def test_a_forum_closed_to_visitors_leaves_their_search_at_once(
    client, network, settings, django_capture_on_commit_callbacks
):
    settings.SITE_CACHE_DATA = True  # the visitors' readable forums kept (pagecache/memo.py)
    helpers.topic("Cortile glorbvisitors", "Testo glorbvisitors", forum=helpers.public_forum())
    services.rebuild()
    assert client.get("/api/search", {"q": "glorbvisitors"}).json()["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):  # as committed: its purges run
        UserForumPermission.objects.create(
            forum=helpers.public_forum(),
            anonymous_user=True,
            permission=ForumPermission.objects.get(codename="can_read_forum"),
            has_perm=False,
        )
    assert client.get("/api/search", {"q": "glorbvisitors"}).json()["total"] == 0
