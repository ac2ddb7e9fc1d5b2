"""OpenStreetMap points: Overpass API JSON, and .osm.pbf/.osm through pyosmium (optional).

Selected objects (anything else is ``Rejected("not_a_collection_point")``):
- ``amenity=recycling`` -> OSM_RECYCLING, accepts from ``recycling:<material>=yes|only``;
- ``amenity=vending_machine`` + ``vending=bottle_return`` -> REVERSE_VENDING;
- ``shop=*`` with ``zero_waste=yes|only`` or ``bulk_purchase=yes|only`` -> ZERO_WASTE_SHOP.

Unnamed OSM objects (most containers) get a generic Korean label per kind instead of being
rejected; the label describes the object type only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from wastecoach.core.csvio import detect_encoding
from wastecoach.locations.importers.accepts import osm_materials
from wastecoach.locations.importers.coords import check_coordinates
from wastecoach.locations.importers.records import ImportStats, PointKind, PointRecord, Rejected
from wastecoach.locations.importers.textio import clean

SOURCE = "osm"
PROVIDER = "OpenStreetMap contributors (ODbL)"
GENERIC_NAMES = {
    PointKind.OSM_RECYCLING: "재활용 수거함",
    PointKind.REVERSE_VENDING: "무인회수기",
    PointKind.ZERO_WASTE_SHOP: "제로웨이스트샵",
}
_YES = {"yes", "only"}


def classify(tags: dict[str, str]) -> PointKind | None:
    if tags.get("amenity") == "recycling":
        return PointKind.OSM_RECYCLING
    if tags.get("amenity") == "vending_machine" and "bottle_return" in tags.get(
        "vending", ""
    ).split(";"):
        return PointKind.REVERSE_VENDING
    if "shop" in tags and (
        tags.get("zero_waste", "").lower() in _YES or tags.get("bulk_purchase", "").lower() in _YES
    ):
        return PointKind.ZERO_WASTE_SHOP
    return None


def _address(tags: dict[str, str]) -> str | None:
    if full := clean(tags.get("addr:full")):
        return full
    parts = [
        tags.get(key, "")
        for key in (
            "addr:province",
            "addr:city",
            "addr:district",
            "addr:street",
            "addr:housenumber",
        )
    ]
    return clean(" ".join(p for p in parts if p))


def osm_record(
    index: int,
    osm_type: str,
    osm_id: int | str,
    tags: dict[str, str],
    lat: float | None,
    lon: float | None,
    data_date: date | None,
    stats: ImportStats | None = None,
) -> PointRecord | Rejected:
    raw = {"type": osm_type, "id": str(osm_id), **tags}
    kind = classify(tags)
    if kind is None:
        return Rejected(SOURCE, index, "not_a_collection_point", raw)
    address = _address(tags)
    coords = check_coordinates(
        None if lat is None else repr(lat), None if lon is None else repr(lon)
    )
    if coords.status in {"malformed", "out_of_korea"}:
        return Rejected(SOURCE, index, f"coords_{coords.status}", raw)
    if coords.status == "missing" and address is None:
        return Rejected(SOURCE, index, "missing_location", raw)
    if coords.status == "swapped" and stats is not None:
        stats.swapped_coordinates_fixed += 1
    accepts, materials = osm_materials(tags)
    name = clean(tags.get("name:ko")) or clean(tags.get("name")) or GENERIC_NAMES[kind]
    return PointRecord(
        source=SOURCE,
        source_row_id=f"{osm_type}/{osm_id}",
        kind=kind,
        name=name,
        address=address,
        lat=coords.lat,
        lon=coords.lon,
        accepts=accepts,
        accepts_items=materials,
        opening_hours=clean(tags.get("opening_hours")),
        phone=clean(tags.get("phone")) or clean(tags.get("contact:phone")),
        provider=clean(tags.get("operator")) or PROVIDER,
        data_date=data_date,
        sido=clean(tags.get("addr:province")),
        sigungu=clean(tags.get("addr:district")) or clean(tags.get("addr:city")),
        detail=clean(tags.get("description")),
    )


def _timestamp_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_overpass(path: Path, stats: ImportStats | None = None) -> Iterator[PointRecord | Rejected]:
    try:
        data = json.loads(path.read_text(encoding=detect_encoding(path), errors="replace"))
    except json.JSONDecodeError:
        yield Rejected(SOURCE, 0, "bad_file", {"path": str(path)})
        return
    data_date = _timestamp_date((data.get("osm3s") or {}).get("timestamp_osm_base"))
    for index, element in enumerate(data.get("elements") or [], start=1):
        if not isinstance(element, dict) or "type" not in element or "id" not in element:
            yield Rejected(SOURCE, index, "bad_row", {"element": str(element)[:500]})
            continue
        tags = {str(k): str(v) for k, v in (element.get("tags") or {}).items()}
        where = element if element["type"] == "node" else element.get("center") or {}
        lat, lon = where.get("lat"), where.get("lon")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            lat = lon = None
        yield osm_record(
            index, str(element["type"]), element["id"], tags, lat, lon, data_date, stats
        )


def _centre(locations: Iterable[tuple[float, float]]) -> tuple[float | None, float | None]:
    points = list(locations)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]  # closed way: do not count the first node twice
    if not points:
        return None, None
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


def read_osm_file(path: Path, stats: ImportStats | None = None) -> Iterator[PointRecord | Rejected]:
    """.osm.pbf (or .osm XML) via pyosmium; nodes and ways (way centre = mean of its nodes).

    Relations are skipped. Only tagged objects are looked at, so untagged way nodes cost nothing.
    """
    try:
        import osmium
    except ImportError as exc:  # optional dependency
        raise RuntimeError("reading .osm.pbf needs the 'osmium' package (pyosmium)") from exc

    index = 0
    for obj in osmium.FileProcessor(str(path)).with_locations():
        if not isinstance(obj, osmium.osm.Node | osmium.osm.Way) or not len(obj.tags):
            continue  # relations, areas and changesets carry no point of their own here
        tags = {tag.k: tag.v for tag in obj.tags}
        if classify(tags) is None:
            continue
        index += 1
        if isinstance(obj, osmium.osm.Node):
            loc = obj.location
            lat, lon = (loc.lat, loc.lon) if loc.valid() else (None, None)
            osm_type = "node"
        else:
            lat, lon = _centre(
                (node.location.lat, node.location.lon)
                for node in obj.nodes
                if node.location.valid()
            )
            osm_type = "way"
        yield osm_record(index, osm_type, obj.id, tags, lat, lon, None, stats)
