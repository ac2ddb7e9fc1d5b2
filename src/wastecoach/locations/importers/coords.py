"""Coordinate validation against Korea's bounding box (mainland, Jeju, Ulleungdo and Dokdo)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

LAT_MIN, LAT_MAX = 33.0, 38.7
LON_MIN, LON_MAX = 124.5, 132.0

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class CoordResult:
    """Outcome of checking one lat/lon pair.

    ``status`` is "ok", "swapped" (valid after swapping; lat/lon already swapped back),
    "missing" (blank or 0/0: address-only row), "malformed" or "out_of_korea".
    """

    status: str
    lat: float | None = None
    lon: float | None = None


def in_korea(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def _to_float(text: str) -> float | None:
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def check_coordinates(lat_text: str | None, lon_text: str | None) -> CoordResult:
    lat_s = (lat_text or "").strip()
    lon_s = (lon_text or "").strip()
    if not lat_s and not lon_s:
        return CoordResult("missing")
    lat = _to_float(lat_s) if lat_s else 0.0
    lon = _to_float(lon_s) if lon_s else 0.0
    if lat is None or lon is None:
        return CoordResult("malformed")
    if lat == 0 and lon == 0:
        return CoordResult("missing")
    if not lat_s or not lon_s or lat == 0 or lon == 0:
        return CoordResult("malformed")  # one half only: unusable, and not "missing" either
    if in_korea(lat, lon):
        return CoordResult("ok", lat, lon)
    if in_korea(lon, lat):
        return CoordResult("swapped", lon, lat)
    return CoordResult("out_of_korea")
