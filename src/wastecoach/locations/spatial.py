"""Great-circle distance and bounding boxes (spherical Earth, mean radius).

PostGIS answers in the same model: ``ST_DWithin(geography, geography, r, false)`` and the
geography ``<->`` operator measure on the sphere, so both databases agree with ``haversine_m``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius, as PostGIS uses for sphere calculations
_M_PER_DEG_LAT = math.pi * EARTH_RADIUS_M / 180


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def bounding_box(lat: float, lon: float, half_width_m: float) -> BoundingBox:
    """A lat/lon box that contains every point within ``half_width_m`` of (lat, lon).

    Longitude degrees shrink towards the poles, so the box is sized at the latitude of its
    edge farthest from the equator. Not meant for boxes that cross the poles or the antimeridian
    (collection points are in Korea).
    """
    dlat = half_width_m / _M_PER_DEG_LAT
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(min_lat), abs(max_lat))
    cos_lat = math.cos(math.radians(widest))
    dlon = 180.0 if cos_lat < 1e-9 else min(180.0, half_width_m / (_M_PER_DEG_LAT * cos_lat))
    return BoundingBox(min_lat, max_lat, lon - dlon, lon + dlon)
