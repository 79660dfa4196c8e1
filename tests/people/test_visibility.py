"""Each visibility level × each reader: exactly the surfaces the person chose show them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from search import services as search
from tests.forum.conftest import topic_url

from .conftest import READERS, make_person

# Who sees a profile at each level (the person themselves always do; tested apart).
SEES = {
    "public": set(READERS),
    "members": {"coworker", "host", "moderator"},
    "hidden": set(),
}
CASES = [(level, role) for level in SEES for role in READERS]
# Shared by every reader, so fed by public profiles alone; profiles are in no sitemap or feed.
SHARED = ("autocomplete", "suggest")
NOWHERE = ("sitemap", "news feed", "forum feed")


def _surfaces(client, person, space) -> dict[str, bool]:
    url = reverse("person", args=[person.pk])
    search.drain()  # the index follows the change, as the worker makes it
    hits = client.get("/api/search", {"q": "Zorzi"}).json()["hits"]
    completions = client.get("/api/autocomplete", {"q": "Zorz"}).json()["results"]
    return {
        "search": url in [hit["url"] for hit in hits],
        "autocomplete": url in [c["url"] for c in completions],
        "suggest": client.get("/api/suggest", {"q": "zorzu"}).json()["suggestion"] == "zorzi",
        "sitemap": url in client.get("/sitemap.xml").content.decode(),
        "news feed": "Zorzi" in client.get(reverse("news_feed_rss")).content.decode(),
        "forum feed": "Zorzi" in client.get(reverse("forum_feeds:latest_topics")).content.decode(),
        "directory": url in client.get(reverse("people")).content.decode(),
        "profile": client.get(url).status_code == 200,
        "space": url in client.get(space.url).content.decode(),
        "forum": url in client.get(topic_url(person.topic)).content.decode(),
    }


@pytest.mark.parametrize(("level", "reader"), CASES, indirect=["reader"])
def test_a_profile_shows_on_every_surface_exactly_for_the_readers_its_level_allows(
    level, reader, person, space, request
):
    person.visibility = level
    person.save()
    role = request.node.callspec.id.split("-")[1]
    expected = role in SEES[level]
    assert _surfaces(reader, person, space) == {
        **dict.fromkeys(("search", "directory", "profile", "space", "forum"), expected),
        **dict.fromkeys(SHARED, level == "public"),
        **dict.fromkeys(NOWHERE, False),
    }


@pytest.mark.parametrize("level", list(SEES))
def test_the_person_always_sees_their_own_profile_page(level, person, client):
    person.visibility = level
    person.save()
    client.force_login(person.user)
    assert client.get(reverse("person", args=[person.pk])).status_code == 200


def test_a_host_with_a_visible_profile_is_shown_by_display_name_linking_to_it(space, client):
    host = make_person(space, username="host_ortica", display_name="Bruna Host")
    space.hosts.add(host.user)
    space.save(update_fields=["hosts"])
    html = client.get(space.url).content.decode()
    assert f'<a class="tv-person" href="{reverse("person", args=[host.pk])}">Bruna Host</a>' in html
    assert "host_ortica" not in html


@pytest.mark.parametrize(
    ("first", "last", "shown"), [("Bruna", "Sala", "Bruna Sala"), ("", "", "")]
)
def test_a_host_with_a_hidden_profile_is_shown_by_name_never_by_username(
    space, client, first, last, shown
):
    host = make_person(space, username="host_ortica", visibility="hidden", display_name="")
    host.user.first_name, host.user.last_name = first, last
    host.user.save()
    space.hosts.add(host.user)
    space.save(update_fields=["hosts"])
    html = client.get(space.url).content.decode()
    assert "host_ortica" not in html
    assert (shown or "gestore dello spazio") in html


@pytest.mark.parametrize(("level", "shown"), [("hidden", False), ("public", True)])
def test_the_forum_profile_shows_the_home_space_only_where_the_profile_is_shown(
    level, shown, person, space, client
):
    person.visibility = level
    person.save()
    html = client.get(reverse("forum_member:profile", args=[person.user_id])).content.decode()
    assert ("Spazio Ortica" in html) is shown


@pytest.mark.parametrize(("level", "shown"), [("hidden", False), ("public", True)])
def test_beside_a_topic_post_the_poster_is_named_by_the_profile_only_where_it_is_shown(
    level, shown, person, client
):
    person.visibility = level
    person.save()
    html = client.get(topic_url(person.topic)).content.decode()
    link = f'<a class="tv-person" href="{reverse("person", args=[person.pk])}"><b>Ada Zorzi</b>'
    assert (link in html) is shown
