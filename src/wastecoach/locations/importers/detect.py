"""Which importer a file needs, decided from its content (file name only breaks ties)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, get_args

from wastecoach.core.csvio import detect_encoding
from wastecoach.locations.importers.textio import read_header

ImportFormat = Literal[
    "datagokr_clothing",
    "datagokr_battery_lamp",
    "datagokr_medicine",
    "datagokr_recycling_center",
    "datagokr_street_bin",
    "keco_reverse_vending",
    "seoul_zero_waste_geojson",
    "overpass_json",
    "osm_pbf",
]
FORMATS: tuple[str, ...] = get_args(ImportFormat)

_BIN_COLUMNS = {"설치장소명", "위도", "경도"}


class UnknownFormatError(ValueError):
    pass


def detect_format(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"OSMHeader" in head[:64]:
        return "osm_pbf"
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_head.startswith(b"<") and b"<osm" in head:
        return "osm_pbf"  # .osm XML: read by the same pyosmium reader
    if text_head.startswith(b"{"):
        return _detect_json(path)
    return _detect_csv(path)


def _detect_json(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding=detect_encoding(path), errors="replace"))
    except json.JSONDecodeError as exc:
        raise UnknownFormatError(f"{path}: not valid JSON") from exc
    if isinstance(data, dict) and isinstance(data.get("elements"), list):
        return "overpass_json"
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        first = features[0].get("properties", {}) if features else {}
        if "CONTENTS_NAME" in first or not features:
            return "seoul_zero_waste_geojson"
    raise UnknownFormatError(f"{path}: unknown JSON layout")


def _detect_csv(path: Path) -> str:
    columns = set(read_header(path))
    if {"positnSn", "clctItemCn"} <= columns:
        return "keco_reverse_vending"
    if "재활용센터명" in columns:
        return "datagokr_recycling_center"
    if "휴지통종류" in columns:
        return "datagokr_street_bin"
    if "수거품목명" in columns:
        return "datagokr_battery_lamp"
    if columns >= _BIN_COLUMNS:
        # Clothing and medicine bins share the generic layout; the clothing standard adds
        # 관리번호/상세위치, the medicine standard has 세부위치.
        if "관리번호" in columns or "상세위치" in columns or "의류" in path.name:
            return "datagokr_clothing"
        if "세부위치" in columns or "의약품" in path.name:
            return "datagokr_medicine"
    raise UnknownFormatError(f"{path}: unknown header {sorted(columns)[:8]}")
