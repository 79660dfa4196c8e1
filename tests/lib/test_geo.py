"""Great-circle distances and the bounding box that lets the database pre-filter by distance."""

import math
import random

from tavolone.lib.geo import box_around, distance_km, haversine_km


def test_distances_are_great_circle_kilometres():
    duomo, centrale = (45.4642, 9.1900), (45.4860, 9.2040)
    assert 2.5 < haversine_km(*duomo, *centrale) < 2.8


def destination(lat, lon, km, bearing):
    """The point `km` away from (lat, lon) heading `bearing` degrees (great circle)."""
    p1, l1, d, b = math.radians(lat), math.radians(lon), km / 6371.0088, math.radians(bearing)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


def test_the_box_around_a_point_holds_every_point_within_the_distance():
    rng = random.Random(7)
    for _ in range(3000):
        lat, lon, km = rng.uniform(-80, 80), rng.uniform(-170, 170), rng.choice([1, 5, 50, 500])
        box = box_around(lat, lon, km)
        if box is None:
            continue
        # Near the edge of the circle, any way: the widest longitude is not due east.
        other = destination(lat, lon, km * rng.uniform(0.98, 1.0), rng.uniform(0, 360))
        assert box[0] <= other[0] <= box[1] and box[2] <= other[1] <= box[3]


def test_there_is_no_box_across_a_pole_or_the_date_line():
    assert box_around(89.99, 9.19, 5) is None
    assert box_around(45.0, 179.99, 5) is None
    assert box_around(45.46, 9.19, 5) is not None


def test_a_missing_coordinate_has_no_distance():
    assert distance_km(45.46, 9.19, None, 9.2) is None
    assert round(distance_km(45.46, 9.19, 45.46, 9.19), 6) == 0


def test_the_antipode_is_half_the_circumference_away():
    assert abs(haversine_km(0, 0, 0, 180) - math.pi * 6371.0088) < 1e-6
