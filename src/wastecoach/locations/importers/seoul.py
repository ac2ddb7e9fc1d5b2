"""Seoul zero-waste / refill shops (스마트서울맵 theme export, GeoJSON)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wastecoach.core.csvio import detect_encoding
from wastecoach.locations.importers.accepts import take_back_items
from wastecoach.locations.importers.coords import check_coordinates
from wastecoach.locations.importers.hours import free_text_hours
from wastecoach.locations.importers.records import ImportStats, PointKind, PointRecord, Rejected
from wastecoach.locations.importers.textio import (
    IdDisambiguator,
    clean,
    region_from_address,
    stable_id,
)

SOURCE = "seoul_zero_waste"
PROVIDER = "서울특별시 (스마트서울맵)"
_ACTIVITY_LABELS = ("제로웨이스트 실천 내용", "제로웨이스트 활동내용")


def _labelled_values(props: dict[str, Any]) -> dict[str, str]:
    """The export stores pairs NAME_01..20 (label) / VALUE_01..20 (value)."""
    values: dict[str, str] = {}
    for i in range(1, 21):
        label = clean(str(props.get(f"NAME_{i:02d}") or ""))
        if label and label not in values:
            values[label] = str(props.get(f"VALUE_{i:02d}") or "")
    return values


def _point(feature: dict[str, Any]) -> tuple[str | None, str | None]:
    props = feature.get("properties") or {}
    x, y = str(props.get("COORD_X") or ""), str(props.get("COORD_Y") or "")
    if x.strip() and y.strip():
        return y, x
    geometry = feature.get("geometry") or {}
    candidates = geometry.get("geometries") or [geometry]
    for geom in candidates:
        if isinstance(geom, dict) and geom.get("type") == "Point":
            coords = geom.get("coordinates") or []
            if len(coords) >= 2:
                return str(coords[1]), str(coords[0])
    return None, None


def _raw(props: dict[str, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in props.items() if v not in (None, "")}


def read_seoul(path: Path, stats: ImportStats | None = None) -> Iterator[PointRecord | Rejected]:
    try:
        data = json.loads(path.read_text(encoding=detect_encoding(path), errors="replace"))
    except json.JSONDecodeError:
        yield Rejected(SOURCE, 0, "bad_file", {"path": str(path)})
        return
    unique = IdDisambiguator()
    for index, feature in enumerate(data.get("features") or [], start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            yield Rejected(SOURCE, index, "bad_row", {"feature": str(feature)[:500]})
            continue
        yield _record(index, feature, unique, stats)


def _record(
    index: int, feature: dict[str, Any], unique: IdDisambiguator, stats: ImportStats | None
) -> PointRecord | Rejected:
    props: dict[str, Any] = feature["properties"]
    name = clean(str(props.get("CONTENTS_NAME") or ""))
    if name is None:
        return Rejected(SOURCE, index, "missing_name", _raw(props))
    road = clean(str(props.get("ADDR_NEW") or ""))
    jibun = clean(str(props.get("ADDR_OLD") or ""))
    address = road or jibun
    coords = check_coordinates(*_point(feature))
    if coords.status in {"malformed", "out_of_korea"}:
        return Rejected(SOURCE, index, f"coords_{coords.status}", _raw(props))
    if coords.status == "missing" and address is None:
        return Rejected(SOURCE, index, "missing_location", _raw(props))
    if coords.status == "swapped" and stats is not None:
        stats.swapped_coordinates_fixed += 1
    labelled = _labelled_values(props)
    activity = next((labelled[k] for k in _ACTIVITY_LABELS if k in labelled), None)
    accepts, items = take_back_items(activity, labelled.get("취급품목(메뉴)"))
    # SUB_ID (theme sub-category) is part of the id: one shop can be listed under two themes.
    row_id = stable_id(SOURCE, str(props.get("SUB_ID") or ""), name, road, jibun)
    sido, sigungu = region_from_address(road, jibun)
    return PointRecord(
        source=SOURCE,
        source_row_id=unique(row_id),
        kind=PointKind.ZERO_WASTE_SHOP,
        name=name,
        address=address,
        lat=coords.lat,
        lon=coords.lon,
        accepts=accepts,
        accepts_items=items,
        opening_hours=free_text_hours(labelled.get("운영시간")),
        phone=clean(str(props.get("TEL_NO") or "")),
        provider=PROVIDER,
        data_date=None,
        sido=sido,
        sigungu=sigungu,
        detail=clean(str(props.get("CONTENTS_DETAIL") or "")),
    )
