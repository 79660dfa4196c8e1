"""The space directory: combinable filters, shareable URLs, map view, bad values explained."""

import pytest

from tests.community.factories import SpacePageFactory


@pytest.fixture
def spaces(cms_tree):
    idx = cms_tree.spaces
    return {
        "isola-wifi": SpacePageFactory(
            parent=idx, title="Isola Wifi", neighbourhood="Isola", amenities=["wifi"]
        ),
        "isola-both": SpacePageFactory(
            parent=idx, title="Isola Both", neighbourhood="Isola", amenities=["wifi", "cucina"]
        ),
        "brera-both": SpacePageFactory(
            parent=idx, title="Brera Both", neighbourhood="Brera", amenities=["wifi", "cucina"]
        ),
        "monza": SpacePageFactory(
            parent=idx,
            title="Monza Centro",
            city="Monza",
            neighbourhood="Centro",
            amenities=["cucina"],
        ),
    }


def titles(response):
    return sorted(s.title for s in response.context["spaces"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Brera Both", "Isola Both", "Isola Wifi", "Monza Centro"]),
        ("?city=Monza", ["Monza Centro"]),
        ("?city=milano", ["Brera Both", "Isola Both", "Isola Wifi"]),
        ("?neighbourhood=Isola", ["Isola Both", "Isola Wifi"]),
        ("?amenity=cucina", ["Brera Both", "Isola Both", "Monza Centro"]),
        ("?amenity=wifi&amenity=cucina", ["Brera Both", "Isola Both"]),
        ("?city=Milano&neighbourhood=Isola&amenity=cucina", ["Isola Both"]),
    ],
)
def test_filters_return_exactly_the_matching_spaces(visitor, spaces, query, expected):
    response = visitor.get("/spazi/" + query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_filter_form_keeps_the_choices_in_a_shareable_url(visitor, spaces):
    html = visitor.get("/spazi/?neighbourhood=Isola&amenity=cucina").content.decode()
    assert 'value="cucina" id="f-a-cucina" checked' in html
    assert "?neighbourhood=Isola&amp;amenity=cucina&amp;view=map" in html


def test_the_map_view_embeds_a_pin_per_filtered_space(visitor, spaces):
    response = visitor.get("/spazi/?view=map&amenity=wifi")
    points = response.context["map_points"]
    assert sorted(p["title"] for p in points) == ["Brera Both", "Isola Both", "Isola Wifi"]
    assert 'id="tv-map-points"' in response.content.decode()


@pytest.mark.parametrize(
    "query, explanation",
    [
        ("?amenity=teletrasporto", "Unknown amenity"),
        ("?city=<script>alert(1)</script>", "the city filter is ignored"),
        ("?neighbourhood=" + "x" * 5000, "that filter is ignored"),
        ("?page=-1", "Pages start at 1"),
        ("?page=abc", "is not a page number"),
        ("?page=99999999999999999999999999", "There is no page"),
        ("?amenity=" + "&amenity=".join(str(i) for i in range(50)), "Too many amenities"),
    ],
)
def test_bad_filter_values_get_an_explanation_not_an_error(visitor, spaces, query, explanation):
    response = visitor.get("/spazi/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert explanation in html
    assert "<script>alert(1)" not in html


def test_spaces_not_confirmed_for_180_days_are_flagged(visitor, cms_tree):
    import datetime

    from django.utils import timezone

    old = timezone.localdate() - datetime.timedelta(days=181)
    SpacePageFactory(parent=cms_tree.spaces, title="Vecchio", last_confirmed=old)
    SpacePageFactory(parent=cms_tree.spaces, title="Fresco")
    html = visitor.get("/spazi/").content.decode()
    assert html.count("tv-stale") == 1
    assert html.index("tv-stale") > html.index("Vecchio")


def test_the_directory_paginates_twelve_spaces_a_page(visitor, cms_tree):
    for i in range(14):
        SpacePageFactory(parent=cms_tree.spaces, title=f"Spazio {i:02d}")
    first, second = visitor.get("/spazi/"), visitor.get("/spazi/?page=2")
    assert len(first.context["spaces"]) == 12 and len(second.context["spaces"]) == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_map_pins_link_to_the_pages_wagtail_serves(visitor, spaces):
    for query in ("/spazi/?view=map", "/"):  # the directory's map and the home page's
        response = visitor.get(query)
        pins = {p["title"]: p["url"] for p in response.context["map_points"]}
        request = response.wsgi_request
        assert pins == {s.title: s.get_url(request) for s in spaces.values()}, query
    for url in pins.values():
        assert visitor.get(url).status_code == 200
