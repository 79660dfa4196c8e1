"""Amenities and skills: words spaces and people are found by, and facets to filter by, on
/cerca/ and /api/search (the behaviour suite's engines), without revealing what is hidden."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from community.models import Amenity, OpeningHours, SpacePage
from people.models import Profile, Skill
from tests.forum.factories import UserFactory
from tests.search import helpers

pytestmark = pytest.mark.django_db
NAMES = [  # (slug, name, English name)
    ("wifi", "Wi-Fi veloce", "Fast wifi"),
    ("phone-booth", "Cabina telefonica", "Phone booth"),
    ("parcheggio", "Parcheggio", "Parking"),
]


def space(title, slugs, **fields):
    amenities = {
        s: Amenity.objects.get_or_create(slug=s, name=n, name_en=e)[0] for s, n, e in NAMES
    }
    page = helpers.space(title, **fields)
    page.amenities = [amenities[s] for s in slugs]
    page.opening_hours = [
        OpeningHours(weekday=d, opens=datetime.time(8, 30), closes=datetime.time(19))
        for d in range(5)
    ]
    page.save_revision().publish()
    return page


def person(username, visibility, skills, name):
    user = UserFactory(username=username, email=f"{username}@example.org")
    profile = Profile.objects.create(user=user, visibility=visibility, display_name=name)
    profile.skills.set(Skill.objects.get_or_create(slug=s, name=s.title())[0] for s in skills)
    return profile


@pytest.fixture
def places(network, settle):
    """Three coworking spaces with amenities, and people with skills at every visibility."""
    space("Sarca Coworking", ["wifi", "phone-booth", "parcheggio"], neighbourhood="Bicocca")
    space("Brera Coworking", ["wifi", "phone-booth"], neighbourhood="Brera")
    space("Navigli Coworking", ["parcheggio"], neighbourhood="Navigli")
    person("ada", "public", ["ceramica", "design"], "Ada Ceramista")
    person("bice", "public", ["ceramica"], "Bice Ceramista")
    person("carla", "members", ["ceramica", "fotografia"], "Carla Ceramista")
    person("dora", "hidden", ["fotografia"], "Dora Ceramista")
    settle()


def search(client, **params) -> dict:
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, **params) -> set[str]:
    return {hit["title"] for hit in search(client, **params)["hits"]}


def counts(answer: dict, facet: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in answer["facets"].get(facet, [])}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("cabina telefonica", {"Sarca Coworking", "Brera Coworking"}),
        ("phone booth", {"Sarca Coworking", "Brera Coworking"}),
        ("wifi", {"Sarca Coworking", "Brera Coworking"}),
        ("parcheggio", {"Sarca Coworking", "Navigli Coworking"}),
        ("parking", {"Sarca Coworking", "Navigli Coworking"}),
    ],
)
def test_spaces_are_found_by_their_amenities_in_italian_and_english(client, places, q, expected):
    assert titles(client, q=q, kind="space") == expected


def test_several_amenities_combine_and_their_counts_follow_the_matches(client, places):
    answer = search(client, q="coworking", amenity="wifi")
    assert {h["title"] for h in answer["hits"]} == {"Sarca Coworking", "Brera Coworking"}
    assert counts(answer, "amenity") == {"wifi": 2, "phone-booth": 2, "parcheggio": 1}
    both = search(client, q="coworking", amenity=["wifi", "parcheggio"])
    assert [h["title"] for h in both["hits"]] == ["Sarca Coworking"]
    assert both["query"]["amenity"] == ["wifi", "parcheggio"]


def test_a_facet_alone_lists_what_it_selects_with_their_opening_lines(client, places):
    answer = search(client, amenity="phone-booth")
    assert {h["title"] for h in answer["hits"]} == {"Sarca Coworking", "Brera Coworking"}
    assert "Servizi:" in answer["hits"][0]["snippet_html"]
    people = search(client, skill="fotografia")  # only hidden and members-only profiles
    assert people["total"] == 0 and people["facets"] == {}


def test_amenities_are_labelled_in_the_readers_language(client, places):
    label = {f["value"]: f["label"] for f in search(client, q="coworking")["facets"]["amenity"]}
    assert label["phone-booth"] == "Cabina telefonica"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    label = {f["value"]: f["label"] for f in search(client, q="coworking")["facets"]["amenity"]}
    assert label["phone-booth"] == "Phone booth"


def test_the_search_page_links_each_amenity_in_a_shareable_url(client, places):
    page = client.get("/cerca/", {"q": "coworking", "amenity": "wifi"}).content.decode()
    assert 'href="?q=coworking&amp;amenity=wifi&amp;amenity=parcheggio"' in page
    assert 'href="?q=coworking"' in page  # the chosen one: the link that removes it
    assert '<input type="hidden" name="amenity" value="wifi">' in page
    assert "Servizi" in page and "Cabina telefonica" in page


def test_space_snippets_read_as_sentences(client, places):
    hit = search(client, q="sarca")["hits"][0]
    assert hit["snippet_html"].startswith(
        "Bicocca, Milano. Aperto Lun–Ven 8:30–19:00. Servizi: Cabina telefonica (phone booth), "
        "Parcheggio (parking), Wi-Fi veloce (fast wifi)."
    )


def test_people_are_filtered_by_skill_and_counted_as_far_as_the_reader_may_see(client, places):
    answer = search(client, q="ceramista")
    assert {h["title"] for h in answer["hits"]} == {"Ada Ceramista", "Bice Ceramista"}
    assert counts(answer, "skill") == {"ceramica": 2, "design": 1}  # no fotografia: not public
    assert titles(client, q="ceramista", skill="fotografia") == set()
    client.force_login(UserFactory(username="member"))  # members-only profiles too, not hidden
    answer = search(client, q="ceramista")
    assert counts(answer, "skill") == {"ceramica": 3, "design": 1, "fotografia": 1}
    assert titles(client, q="ceramista", skill="design") == {"Ada Ceramista"}
    assert titles(client, q="ceramista", skill="fotografia") == {"Carla Ceramista"}
    assert "forum" not in answer["facets"]  # their audience is not a forum


def test_facets_reveal_nothing_of_private_forums(client, places):
    answer = search(client, q=helpers.SECRETS["private_forum"])
    assert answer["total"] == 0 and answer["facets"] == {}
    answer = search(client, q=helpers.SECRETS["private_forum"], amenity="wifi")
    assert answer["total"] == 0 and answer["facets"] == {}


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"amenity": "piscina"}, "Servizi: “piscina” è sconosciuto e viene ignorato."),
        ({"amenity": "x" * 5000}, "è sconosciuto e viene ignorato."),
        ({"amenity": "wi\x00fi"}, ""),
        ({"amenity": ["wifi", "wifi", ""]}, ""),
    ],
)
def test_odd_amenity_values_are_cleaned_or_ignored_with_a_note(client, places, params, note):
    answer = search(client, q="sarca", **params)
    assert [h["title"] for h in answer["hits"]] == ["Sarca Coworking"]
    assert all(note in n for n in answer["notes"]) and bool(answer["notes"]) == bool(note)


def test_too_many_amenities_are_a_clear_400(client, places):
    response = client.get("/api/search", {"q": "sarca", "amenity": [f"a{i}" for i in range(11)]})
    assert response.status_code == 400
    assert response.json()["error"] == "amenity: scegli al massimo 10 valori."
    assert client.get("/cerca/", {"q": "x", "skill": list("abcdefghijk")}).status_code == 400


def test_a_space_that_gains_an_amenity_is_found_by_it_after_the_worker(client, places, worker):
    navigli = SpacePage.objects.get(title="Navigli Coworking")
    navigli.amenities.add(Amenity.objects.get(slug="wifi"))
    navigli.save_revision().publish()
    worker()
    assert "Navigli Coworking" in titles(client, q="coworking", amenity="wifi")


def test_a_renamed_amenity_renames_its_spaces_words(client, places, worker):
    amenity = Amenity.objects.get(slug="parcheggio")
    amenity.name_en = "Car park"
    amenity.save()
    worker()
    assert titles(client, q="car park", kind="space") == {"Sarca Coworking", "Navigli Coworking"}


@pytest.mark.parametrize(
    ("q", "amenity"),
    [("cabina telefonica", "phone-booth"), ("wifi", "wifi"), ("parcheggio", "parcheggio")],
)
def test_the_demo_finds_every_space_with_an_amenity_by_its_name(client, demo, q, amenity):
    from search import services

    services.rebuild()
    having = set(SpacePage.objects.filter(amenities__slug=amenity).values_list("title", flat=True))
    found = search(client, q=q, kind="space")
    assert found["total"] == len(having)  # (a page shows 10 of them)
    assert {h["title"] for h in found["hits"]} <= having
    answer = search(client, q="coworking", amenity=amenity)
    assert {h["title"] for h in answer["hits"]} <= having
    assert counts(answer, "amenity")[amenity] == answer["total"]
