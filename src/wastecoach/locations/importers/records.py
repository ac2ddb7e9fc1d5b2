"""Records produced by the collection-point importers (pure data, no database)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PointKind(StrEnum):
    CLOTHING_BIN = "clothing_bin"  # 의류수거함
    BATTERY_LAMP_BIN = "battery_lamp_bin"  # 폐건전지·폐형광등 수거함
    MEDICINE_BIN = "medicine_bin"  # 폐의약품 수거함
    RECYCLING_CENTER = "recycling_center"  # 재활용센터
    STREET_RECYCLING_BIN = "street_recycling_bin"  # 가로 재활용 분리수거함
    REVERSE_VENDING = "reverse_vending"  # 자원순환가게 / 무인회수기
    ZERO_WASTE_SHOP = "zero_waste_shop"  # 제로웨이스트샵
    OSM_RECYCLING = "osm_recycling"  # OpenStreetMap recycling point


@dataclass(frozen=True)
class PointRecord:
    source: str
    source_row_id: str
    kind: PointKind
    name: str
    address: str | None
    lat: float | None  # None: address-only row, pending geocode
    lon: float | None
    accepts: tuple[str, ...]
    accepts_items: tuple[str, ...]
    opening_hours: str | None
    phone: str | None
    provider: str | None
    data_date: date | None
    sido: str | None
    sigungu: str | None
    detail: str | None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Rejected:
    source: str
    row_number: int  # 1-based data row (CSV header not counted) or feature/element index + 1
    reason: str
    raw: dict[str, str]


@dataclass
class ImportStats:
    """Counters filled while reading one file (pass one to ``read_points(stats=...)``)."""

    with_coordinates: int = 0
    address_only: int = 0
    swapped_coordinates_fixed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def count(self, item: PointRecord | Rejected) -> None:
        if isinstance(item, Rejected):
            self.rejected[item.reason] += 1
        elif item.has_coordinates:
            self.with_coordinates += 1
        else:
            self.address_only += 1
