"""Collection-point importers: public CSV/GeoJSON/OSM files -> ``PointRecord`` / ``Rejected``.

Pure parsing and normalisation; storing the records is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wastecoach.locations.importers.datagokr import FORMATS as STANDARD_FORMATS
from wastecoach.locations.importers.datagokr import read_standard
from wastecoach.locations.importers.dedupe import site_key
from wastecoach.locations.importers.detect import (
    FORMATS,
    ImportFormat,
    UnknownFormatError,
    detect_format,
)
from wastecoach.locations.importers.keco import read_keco
from wastecoach.locations.importers.osm import read_osm_file, read_overpass
from wastecoach.locations.importers.records import ImportStats, PointKind, PointRecord, Rejected
from wastecoach.locations.importers.seoul import read_seoul

__all__ = [
    "FORMATS",
    "ImportFormat",
    "ImportStats",
    "PointKind",
    "PointRecord",
    "Rejected",
    "UnknownFormatError",
    "detect_format",
    "read_points",
    "site_key",
]


def read_points(
    path: Path, fmt: str | None = None, *, stats: ImportStats | None = None
) -> Iterator[PointRecord | Rejected]:
    """Stream the records of one file; a broken row yields ``Rejected``, never an exception.

    Pass ``stats`` to get counters (including coordinates fixed by swapping lat/lon).
    """
    fmt = fmt or detect_format(path)
    if fmt in STANDARD_FORMATS:
        items = read_standard(path, fmt, stats)
    elif fmt == "keco_reverse_vending":
        items = read_keco(path, stats)
    elif fmt == "seoul_zero_waste_geojson":
        items = read_seoul(path, stats)
    elif fmt == "overpass_json":
        items = read_overpass(path, stats)
    elif fmt == "osm_pbf":
        items = read_osm_file(path, stats)
    else:
        raise UnknownFormatError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    for item in items:
        if stats is not None:
            stats.count(item)
        yield item
