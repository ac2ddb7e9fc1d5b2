"""data.go.kr 표준데이터 CSVs: clothing/battery/medicine bins, recycling centres, street bins.

One reader, configured per format by ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wastecoach.core.csvio import iter_csv_rows
from wastecoach.locations.importers.accepts import normalise_items
from wastecoach.locations.importers.coords import check_coordinates
from wastecoach.locations.importers.hours import weekday_holiday_hours
from wastecoach.locations.importers.records import ImportStats, PointKind, PointRecord, Rejected
from wastecoach.locations.importers.textio import (
    IdDisambiguator,
    clean,
    parse_date,
    raw_fields,
    read_header,
    region_from_address,
    stable_id,
)

Row = dict[str, str]
Accepts = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class StandardFormat:
    source: str
    kind: PointKind
    name_column: str
    detail_column: str | None
    accepts: Callable[[Row], Accepts]
    id_columns: tuple[str, ...] = ()
    hours: Callable[[Row], str | None] | None = None
    phone_columns: tuple[str, ...] = ("관리기관전화번호",)


def _fixed(*categories: str) -> Callable[[Row], Accepts]:
    return lambda _row: (categories, ())


def _from_column(column: str) -> Callable[[Row], Accepts]:
    return lambda row: normalise_items(clean(row.get(column)))


def _street_bin_accepts(row: Row) -> Accepts:
    # The column is cut at 10 characters in the source: "일반쓰레기+재활용쓰".
    text = (clean(row.get("휴지통종류")) or "").replace("재활용쓰+", "재활용쓰레기+")
    if text.endswith("재활용쓰"):
        text += "레기"
    return normalise_items(text)


def _centre_hours(row: Row) -> str | None:
    return weekday_holiday_hours(
        row.get("평일운영시작시각"),
        row.get("평일운영종료시각"),
        row.get("공휴일운영시작시각"),
        row.get("공휴일운영종료시각"),
        row.get("휴무일정보"),
    )


FORMATS: dict[str, StandardFormat] = {
    "datagokr_clothing": StandardFormat(
        "datagokr_clothing_bin",
        PointKind.CLOTHING_BIN,
        "설치장소명",
        "상세위치",
        _fixed("의류및원단"),
        id_columns=("관리번호",),
    ),
    "datagokr_battery_lamp": StandardFormat(
        "datagokr_battery_lamp_bin",
        PointKind.BATTERY_LAMP_BIN,
        "설치장소명",
        "세부위치내용",
        _from_column("수거품목명"),
    ),
    "datagokr_medicine": StandardFormat(
        "datagokr_medicine_bin",
        PointKind.MEDICINE_BIN,
        "설치장소명",
        "세부위치",
        _fixed("생활계유해폐기물"),
    ),
    "datagokr_recycling_center": StandardFormat(
        "datagokr_recycling_center",
        PointKind.RECYCLING_CENTER,
        "재활용센터명",
        None,
        _from_column("주요취급품목정보"),
        hours=_centre_hours,
        phone_columns=("운영기관전화번호", "관리기관전화번호"),
    ),
    "datagokr_street_bin": StandardFormat(
        "datagokr_street_bin",
        PointKind.STREET_RECYCLING_BIN,
        "설치장소명",
        "세부위치",
        _street_bin_accepts,
    ),
}


def _street_bin_rejection(row: Row) -> str | None:
    kind = clean(row.get("휴지통종류")) or ""
    if "재활용" in kind:
        return None
    if "일반" in kind:
        return "general_waste_only"
    return "bin_type_other"


def read_standard(
    path: Path, fmt: str, stats: ImportStats | None = None
) -> Iterator[PointRecord | Rejected]:
    spec = FORMATS[fmt]
    header = read_header(path)
    unique = IdDisambiguator()
    for row_number, row, fields in iter_csv_rows(path):
        if row is None:
            yield Rejected(spec.source, row_number, "bad_row", raw_fields(header, fields))
            continue
        yield _record(spec, fmt, row_number, row, unique, stats)


def _record(
    spec: StandardFormat,
    fmt: str,
    row_number: int,
    row: Row,
    unique: IdDisambiguator,
    stats: ImportStats | None,
) -> PointRecord | Rejected:
    def reject(reason: str) -> Rejected:
        return Rejected(spec.source, row_number, reason, dict(row))

    name = clean(row.get(spec.name_column))
    if name is None:
        return reject("missing_name")
    if fmt == "datagokr_street_bin" and (reason := _street_bin_rejection(row)):
        return reject(reason)
    road = clean(row.get("소재지도로명주소"))
    jibun = clean(row.get("소재지지번주소"))
    address = road or jibun
    coords = check_coordinates(row.get("위도"), row.get("경도"))
    if coords.status in {"malformed", "out_of_korea"}:
        return reject(f"coords_{coords.status}")
    if coords.status == "missing" and address is None:
        return reject("missing_location")
    if coords.status == "swapped" and stats is not None:
        stats.swapped_coordinates_fixed += 1
    detail = clean(row.get(spec.detail_column)) if spec.detail_column else None
    row_id = stable_id(
        spec.source,
        clean(row.get("제공기관코드")),
        *(clean(row.get(c)) for c in spec.id_columns),
        name,
        road,
        jibun,
        detail,
    )
    sido, sigungu = clean(row.get("시도명")), clean(row.get("시군구명"))
    if sido is None:
        sido, sigungu = region_from_address(road, jibun)
    accepts, items = spec.accepts(row)
    phone = next((p for c in spec.phone_columns if (p := clean(row.get(c)))), None)
    return PointRecord(
        source=spec.source,
        source_row_id=unique(row_id),
        kind=spec.kind,
        name=name,
        address=address,
        lat=coords.lat,
        lon=coords.lon,
        accepts=accepts,
        accepts_items=items,
        opening_hours=spec.hours(row) if spec.hours else None,
        phone=phone,
        provider=clean(row.get("제공기관명")) or clean(row.get("관리기관명")),
        data_date=parse_date(row.get("데이터기준일자")),
        sido=sido,
        sigungu=sigungu,
        detail=detail,
    )
