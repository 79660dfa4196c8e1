"""Visitors browse the demo network's pages: status, template and what each page shows."""

import re
from decimal import Decimal

import pytest

from community.models import NEARBY_STEPS_KM, SpacePage
from tavolone.lib.geo import box_around, haversine_km
from tests.community.factories import SpacePageFactory


@pytest.mark.parametrize(
    "url, template, text",
    [
        ("/", "home/home_page.html", "Tavolone Lambrate"),
        ("/spazi/", "community/space_index_page.html", "Fabbrica Bovisa"),
        ("/spazi/lambrate/", "community/space_page.html", "Il tavolo lungo"),
        ("/news/", "community/news_index_page.html", "Apre Bicocca Campus Cowork"),
        ("/news/assessorato-al-tavolone/", "community/news_page.html", "Le nostre due proposte"),
    ],
)
def test_each_page_type_renders_with_its_template(visitor, network, url, template, text):
    response = visitor.get(url)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert text in response.content.decode()


def test_the_demo_network_has_fourteen_spaces_across_neighbourhoods(network):
    spaces = SpacePage.objects.live()
    assert spaces.count() == 14
    assert len(set(spaces.values_list("neighbourhood", flat=True))) == 14
    assert all(
        45.38 < float(s.latitude) < 45.56 and 9.04 < float(s.longitude) < 9.30 for s in spaces
    )


def test_the_home_page_shows_hero_search_map_and_latest_news(visitor, network):
    html = visitor.get("/").content.decode()
    assert 'role="search"' in html
    assert 'id="tv-map-points"' in html and "leaflet.js" in html
    assert html.count('class="mb-3 tv-news-item"') == 3
    assert "Serate d&#x27;autunno: il calendario" in html  # the newest article


def test_a_space_page_shows_gallery_amenities_prices_hours_hosts_and_nearby(visitor, network):
    html = visitor.get("/spazi/lambrate/").content.decode()
    assert html.count("<figure") == 2 and "/media/images/" in html  # renditions
    assert "Bike storage" in html  # (the visitor reads English: the amenity's English name)
    assert "€ 18" in html and "€ 240" in html
    assert "tv-hours" in html and ("Open now" in html or "Closed now" in html)
    assert "Paola Rinaldi" in html and "host_lambrate" not in html  # a host by name
    nearby = html.split("tv-nearby")[1].split("</ul>")[0]
    assert nearby.index("Città Studi Lab") < nearby.index("</li>")  # 1.2 km away, the closest
    km = [float(k) for k in re.findall(r"([0-9.,]+) km", nearby.replace(",", "."))]
    assert len(km) == 3 and km == sorted(km) and km[0] == 1.2


def test_a_lone_space_far_away_still_lists_the_closest_spaces(visitor, network):
    palermo = SpacePage(title="Tavolo Palermo", slug="palermo", city="Palermo")
    palermo.latitude, palermo.longitude = Decimal("38.115700"), Decimal("13.361300")
    network.spaces.add_child(instance=palermo)
    others = SpacePage.objects.live().exclude(pk=palermo.pk).exclude(latitude=None)
    expected = sorted(
        others, key=lambda s: haversine_km(38.1157, 13.3613, float(s.latitude), float(s.longitude))
    )
    assert [s.title for s, _ in palermo.nearby()] == [s.title for s in expected[:3]]
    html = visitor.get("/spazi/palermo/").content.decode()
    assert expected[0].title in html.split("tv-nearby")[1]


def test_a_space_page_carries_its_map_pin(visitor, network):
    response = visitor.get("/spazi/lambrate/")
    assert '"lat": 45.4845' in response.content.decode()


def test_a_news_article_shows_its_body_blocks_and_related_spaces(visitor, network):
    html = visitor.get("/news/design-week-coworking-gratuito/").content.decode()
    assert "<li>Studio Aperto Tortona</li>" in html  # list block
    related = html.split("tv-related")[1]
    assert "Scrittoio Brera" in related and "Bottega Isola" in related


def test_every_page_has_a_description_canonical_url_and_open_graph(visitor, network):
    for url in ("/", "/spazi/", "/spazi/isola/", "/news/", "/news/apre-bicocca/"):
        html = visitor.get(url).content.decode()
        assert '<meta name="description" content="' in html
        assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}' in html
        assert '<meta property="og:title"' in html
        assert 'type="application/rss+xml"' in html


def test_a_space_page_shares_its_first_photo_with_open_graph(visitor, network):
    html = visitor.get("/spazi/isola/").content.decode()
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/images/' in html


def test_a_space_just_beyond_the_first_box_beats_spaces_in_its_corners(cms_tree):
    def at(name, lat, lon):
        return SpacePageFactory(
            parent=cms_tree.spaces,
            title=name,
            latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lon:.6f}"),
        )

    radius = NEARBY_STEPS_KM[0]
    south, north, west, east = box_around(45.48, 9.19, radius)
    here = at("Qui", 45.48, 9.19)
    # Inside the first box's corners (~1.4 × its reach away), and just outside it, due north.
    for i, (lat, lon) in enumerate([(north, east), (north, west), (south, east), (south, west)]):
        at(f"Angolo {i}", 45.48 + (lat - 45.48) * 0.98, 9.19 + (lon - 9.19) * 0.98)
    at("Nord", 45.48 + (north - 45.48) * 1.02, 9.19)
    nearby = here.nearby()
    assert nearby[0][0].title == "Nord" and radius < nearby[0][1] < radius * 1.03
    assert all(km > radius * 1.3 for _, km in nearby[1:]) and len(nearby) == 3
