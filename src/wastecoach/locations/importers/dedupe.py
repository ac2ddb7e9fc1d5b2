"""``site_key``: one key per physical site, to merge the same site listed by two sources.

Rule:
- records with coordinates: ``"<group>@<lat>,<lon>"`` with lat/lon rounded to 4 decimals
  (a grid cell of about 11 m north-south and 9 m east-west in Korea);
- address-only records: ``"<group>#<address>"`` with the address normalised (parenthesised
  parts such as "(대봉동)", spaces and punctuation removed, "번지" dropped).

``group`` is the point kind, except that an OSM recycling point whose materials are all
clothing/textiles or all batteries/lamps is grouped with the matching data.go.kr bin kind, so
both sources collapse onto one site. Names are not part of the key: sources spell them
differently. Known limits: two points a metre apart can straddle a cell boundary and get two
keys; two different bins of one kind within one cell share a key (for a user, one place).
"""

from __future__ import annotations

import re

from wastecoach.locations.importers.records import PointKind, PointRecord

_CLOTHING = {"의류및원단"}
_BATTERY_LAMP = {"전지", "조명제품"}


def site_group(rec: PointRecord) -> str:
    if rec.kind is PointKind.OSM_RECYCLING and rec.accepts:
        accepted = set(rec.accepts)
        if accepted <= _CLOTHING:
            return PointKind.CLOTHING_BIN.value
        if accepted <= _BATTERY_LAMP:
            return PointKind.BATTERY_LAMP_BIN.value
    return rec.kind.value


def normalise_address(address: str) -> str:
    text = re.sub(r"\([^)]*\)", "", address)
    text = text.replace("번지", "")
    return re.sub(r"[\s,.\-·]", "", text)


def site_key(rec: PointRecord) -> str:
    group = site_group(rec)
    if rec.lat is not None and rec.lon is not None:
        return f"{group}@{rec.lat:.4f},{rec.lon:.4f}"
    return f"{group}#{normalise_address(rec.address or rec.name)}"
