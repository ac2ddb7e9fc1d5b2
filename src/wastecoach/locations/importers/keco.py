"""한국환경공단 자원순환가게 / reverse-vending points (keco_recycle_compensation_sites.csv)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from wastecoach.core.csvio import iter_csv_rows
from wastecoach.locations.importers.accepts import normalise_sectioned_items
from wastecoach.locations.importers.coords import check_coordinates
from wastecoach.locations.importers.hours import weekly_hours
from wastecoach.locations.importers.records import ImportStats, PointKind, PointRecord, Rejected
from wastecoach.locations.importers.textio import (
    IdDisambiguator,
    clean,
    raw_fields,
    read_header,
    region_from_address,
    stable_id,
)

SOURCE = "keco_reverse_vending"
PROVIDER = "한국환경공단"
_DAY_COLUMNS = tuple(
    f"{day}SalsHrExplnCn" for day in ("mon", "tues", "wed", "thur", "fri", "sat", "sun")
)


def read_keco(path: Path, stats: ImportStats | None = None) -> Iterator[PointRecord | Rejected]:
    header = read_header(path)
    unique = IdDisambiguator()
    for row_number, row, fields in iter_csv_rows(path):
        if row is None:
            yield Rejected(SOURCE, row_number, "bad_row", raw_fields(header, fields))
            continue
        name = clean(row.get("positnNm"))
        if name is None:
            yield Rejected(SOURCE, row_number, "missing_name", row)
            continue
        road, jibun = clean(row.get("positnRdnmAddr")), clean(row.get("positnLotnoAddr"))
        address = road or jibun
        coords = check_coordinates(row.get("positnPstnLat"), row.get("positnPstnLot"))
        if coords.status in {"malformed", "out_of_korea"}:
            yield Rejected(SOURCE, row_number, f"coords_{coords.status}", row)
            continue
        if coords.status == "missing" and address is None:
            yield Rejected(SOURCE, row_number, "missing_location", row)
            continue
        if coords.status == "swapped" and stats is not None:
            stats.swapped_coordinates_fixed += 1
        serial = clean(row.get("positnSn"))
        row_id = serial or stable_id(SOURCE, name, road, jibun)
        accepts, items = normalise_sectioned_items(row.get("clctItemCn"))
        sido, sigungu = region_from_address(road, jibun)
        yield PointRecord(
            source=SOURCE,
            source_row_id=unique(row_id),
            kind=PointKind.REVERSE_VENDING,
            name=name,
            address=address,
            lat=coords.lat,
            lon=coords.lon,
            accepts=accepts,
            accepts_items=items,
            opening_hours=weekly_hours(
                [row.get(c) for c in _DAY_COLUMNS], row.get("lhldySalsHrExplnCn")
            ),
            phone=clean(row.get("rprsTelnoCn")) or clean(row.get("indivTelnoCn")),
            provider=PROVIDER,
            data_date=None,
            sido=sido,
            sigungu=sigungu,
            detail=clean(row.get("positnPstnAddExpln")),
        )
