"""Distances on the Earth's surface: plain functions, no database."""

from __future__ import annotations

import math

# The mean Earth radius (IUGG), the one Elasticsearch's `arc` distance uses too: both engines
# and the spaces' "nearby" list give the same kilometres.
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))  # min: rounding past 1 at antipodes


def distance_km(
    lat1: float | None, lon1: float | None, lat2: float | None, lon2: float | None
) -> float | None:
    """`haversine_km`, or None where a coordinate is missing (SQL's NULL in, NULL out)."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


def box_around(lat: float, lon: float, km: float) -> tuple[float, float, float, float] | None:
    """(south, north, west, east) in degrees: a box holding every point within `km` of
    (lat, lon); None where no such box is simple (a pole inside, or across the date line)."""
    arc = km / EARTH_KM  # radians
    south, north = lat - math.degrees(arc), lat + math.degrees(arc)
    if north >= 90 or south <= -90 or math.sin(arc) >= math.cos(math.radians(lat)):
        return None
    # The widest longitude reached at that distance (not at the box's latitude: further out).
    dlon = math.degrees(math.asin(math.sin(arc) / math.cos(math.radians(lat))))
    if lon - dlon < -180 or lon + dlon > 180:
        return None
    margin = 1e-5  # ~1 m: the database rounds coordinates to 6 decimals
    return south - margin, north + margin, lon - dlon - margin, lon + dlon + margin
