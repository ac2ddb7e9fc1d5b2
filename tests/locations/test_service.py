"""The locations service on SQLite (R*Tree) and PostgreSQL (PostGIS), with synthetic points."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.locations.conftest import OverpassWriter, recycling_node
from wastecoach.core.timeutil import KST
from wastecoach.locations.exceptions import InvalidSearch, PointNotFound
from wastecoach.locations.importers.accepts import OSM_MATERIALS
from wastecoach.locations.models import CollectionPoint
from wastecoach.locations.service import locations as locations_service
from wastecoach.locations.spatial import haversine_m
from wastecoach.recycling.exceptions import ItemNotFound

ORIGIN = (37.5, 127.0)
MATERIALS = ("clothes", "batteries", "glass_bottles", "cans", "paper", "plastic", "medicine")


def random_elements(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    elements = []
    for i in range(count):
        lat = ORIGIN[0] + rng.uniform(-0.03, 0.03)
        lon = ORIGIN[1] + rng.uniform(-0.03, 0.03)
        materials = rng.sample(MATERIALS, rng.randint(1, 3))
        elements.append(recycling_node(10_000 + i, round(lat, 6), round(lon, 6), *materials))
    return elements


def brute_force(
    elements: list[dict[str, Any]], lat: float, lon: float, radius_m: float, category: str | None
) -> list[float]:
    """Distances of the nearest sites (all synthetic points are distinct sites)."""
    distances = []
    for e in elements:
        if "lat" not in e:
            continue
        accepted = {
            OSM_MATERIALS[k.split(":", 1)[1]] for k in e["tags"] if k.startswith("recycling:")
        }
        if category is not None and category not in accepted:
            continue
        d = haversine_m(lat, lon, e["lat"], e["lon"])
        if d <= radius_m:
            distances.append(d)
    return sorted(distances)


def test_nearest_first_matches_brute_force(db: Session, write_overpass: OverpassWriter) -> None:
    elements = random_elements(400)
    locations_service.import_path(db, write_overpass(elements))
    rng = random.Random(11)
    for _ in range(25):
        lat = ORIGIN[0] + rng.uniform(-0.02, 0.02)
        lon = ORIGIN[1] + rng.uniform(-0.02, 0.02)
        for category in (None, "전지"):
            result = locations_service.nearby(
                db, lat=lat, lon=lon, radius_m=1500, limit=10, accepts=category
            )
            expected = brute_force(elements, lat, lon, 1500, category)[:10]
            got = [p.distance_m for p in result.points]
            assert got == pytest.approx(expected, abs=0.1)
            assert got == sorted(got)
            if category:
                assert all(category in p.accepts for p in result.points)


def test_radius_and_limit_are_respected(db: Session, write_overpass: OverpassWriter) -> None:
    elements = random_elements(200)
    locations_service.import_path(db, write_overpass(elements))
    result = locations_service.nearby(db, lat=ORIGIN[0], lon=ORIGIN[1], radius_m=300, limit=50)
    expected = brute_force(elements, *ORIGIN, 300, None)
    assert result.count == len(expected) == len(result.points)
    assert all(p.distance_m <= 300 for p in result.points)
    assert len(locations_service.nearby(db, lat=ORIGIN[0], lon=ORIGIN[1], limit=3).points) == 3


def test_accepts_by_category_and_by_item_id(db: Session, write_overpass: OverpassWriter) -> None:
    path = write_overpass(
        [
            recycling_node(1, 37.5010, 127.0, "clothes"),
            recycling_node(2, 37.5, 127.0020, "batteries"),
            recycling_node(3, 37.4970, 127.0, "glass_bottles", "cans"),
        ]
    )
    locations_service.import_path(db, path)
    glass = locations_service.nearby(db, lat=37.5, lon=127.0, accepts="유리병")
    assert [p.accepts for p in glass.points] == [["유리병", "금속류"]]
    by_item = locations_service.nearby(db, lat=37.5, lon=127.0, accepts="battery-alkaline")
    assert by_item.category == "전지"
    assert [p.accepts_items for p in by_item.points] == [["batteries"]]
    with pytest.raises(ItemNotFound):
        locations_service.nearby(db, lat=37.5, lon=127.0, accepts="no-such-item")


def test_kind_filter(db: Session, write_overpass: OverpassWriter) -> None:
    path = write_overpass(
        [
            recycling_node(1, 37.5001, 127.0, "cans"),
            {
                "type": "node",
                "id": 2,
                "lat": 37.5003,
                "lon": 127.0,
                "tags": {
                    "amenity": "vending_machine",
                    "vending": "bottle_return",
                    "name": "회수기",
                },
            },
        ]
    )
    locations_service.import_path(db, path)
    result = locations_service.nearby(db, lat=37.5, lon=127.0, kind="reverse_vending", lang="en")
    assert [(p.name, p.kind.value, p.kind_label) for p in result.points] == [
        ("회수기", "reverse_vending", "Reverse vending point")
    ]


def test_address_only_rows_are_pending_and_never_returned(
    db: Session, write_overpass: OverpassWriter
) -> None:
    path = write_overpass(
        [
            recycling_node(
                1, None, None, "batteries", **{"addr:full": "서울특별시 종로구 TEST로 1"}
            ),
            recycling_node(2, 37.5, 127.0001, "batteries"),
        ]
    )
    report = locations_service.import_path(db, path)
    assert report.files[0].pending_geocode == 1
    pending = db.scalars(select(CollectionPoint).where(CollectionPoint.lat.is_(None))).all()
    assert [(p.geocode_status, p.lon, p.address) for p in pending] == [
        ("pending", None, "서울특별시 종로구 TEST로 1")
    ]
    result = locations_service.nearby(db, lat=37.5, lon=127.0, radius_m=50_000, limit=50)
    assert [p.id for p in result.points] != [] and pending[0].id not in {
        p.id for p in result.points
    }
    with pytest.raises(PointNotFound):
        locations_service.get_point(db, pending[0].id)


def test_same_site_from_two_sources_is_kept_twice_and_answered_once(
    db: Session, write_overpass: OverpassWriter, tmp_path: Path
) -> None:
    header = (
        "설치장소명,시도명,시군구명,소재지도로명주소,소재지지번주소,위도,경도,상세위치,관리번호,"
        "관리기관명,관리기관전화번호,데이터기준일자,제공기관코드,제공기관명"
    )
    row = (
        "TEST 의류수거함,서울특별시,종로구,서울특별시 종로구 TEST로 10,,37.5010,127.0000,"
        "정문 앞,A-1,종로구청,02-000-0000,2025-03-01,3000000,서울특별시 종로구"
    )
    csv_path = tmp_path / "의류수거함.csv"
    csv_path.write_text(f"{header}\n{row}\n", encoding="cp949")
    first = locations_service.import_path(db, csv_path)
    assert first.files[0].format == "datagokr_clothing"
    osm = write_overpass([recycling_node(1, 37.5010, 127.0, "clothes", "shoes")])
    report = locations_service.import_path(db, osm)
    assert report.files[0].merged == 1

    rows = db.scalars(select(CollectionPoint).order_by(CollectionPoint.id)).all()
    assert len(rows) == 2 and rows[0].site_key == rows[1].site_key
    result = locations_service.nearby(db, lat=37.5, lon=127.0)
    assert result.count == 1
    point = result.points[0]
    assert point.kind.value == "clothing_bin"  # official kind beats the OSM one
    assert point.name == "TEST 의류수거함"
    assert point.sources == ["datagokr_clothing_bin", "osm"]
    assert point.accepts == ["의류및원단"]
    assert point.accepts_items == ["clothes", "shoes"]
    assert (
        point.phone,
        point.detail,
        point.data_date.isoformat() if point.data_date else None,
    ) == (
        "02-000-0000",
        "정문 앞",
        "2025-03-01",
    )
    assert locations_service.get_point(db, rows[1].id).sources == point.sources


def test_import_is_idempotent(db: Session, write_overpass: OverpassWriter) -> None:
    elements = random_elements(50)
    path = write_overpass(elements)
    first = locations_service.import_path(db, path).files[0]
    again = locations_service.import_path(db, path).files[0]
    assert (first.imported, first.updated, first.unchanged) == (50, 0, 0)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 50)
    assert len(db.scalars(select(CollectionPoint.id)).all()) == 50

    elements[0]["tags"]["name"] = "이름이 바뀐 수거함"
    elements[1]["lat"] = elements[1]["lat"] + 0.01
    changed = locations_service.import_path(db, write_overpass(elements)).files[0]
    assert (changed.imported, changed.updated, changed.unchanged) == (0, 2, 48)
    moved = locations_service.nearby(
        db, lat=elements[1]["lat"], lon=elements[1]["lon"], radius_m=1, limit=1
    )
    assert [p.lat for p in moved.points] == [elements[1]["lat"]]


def test_rejected_rows_are_reported_by_reason(db: Session, write_overpass: OverpassWriter) -> None:
    path = write_overpass(
        [
            recycling_node(1, 37.5, 127.0, "cans"),
            recycling_node(2, 52.52, 13.40, "paper"),  # Berlin: outside Korea
            recycling_node(3, None, None, "paper"),  # no coordinates, no address
            {"type": "node", "id": 4, "lat": 37.5, "lon": 127.0, "tags": {"shop": "bakery"}},
        ]
    )
    report = locations_service.import_path(db, path).files[0]
    assert report.imported == 1
    assert report.rejected == {
        "coords_out_of_korea": 1,
        "missing_location": 1,
        "not_a_collection_point": 1,
    }


def test_open_now_uses_parseable_hours_only(
    db: Session, write_overpass: OverpassWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    wednesday_10am = datetime(2026, 11, 25, 10, 0, tzinfo=KST)
    monkeypatch.setattr("wastecoach.locations.service.now_kst", lambda: wednesday_10am)
    path = write_overpass(
        [
            recycling_node(
                1, 37.5001, 127.0, "cans", name="열림", opening_hours="Mo-Fr 09:00-18:00"
            ),
            recycling_node(
                2, 37.5002, 127.0, "cans", name="닫힘", opening_hours="Mo-Fr 12:00-18:00"
            ),
            recycling_node(3, 37.5003, 127.0, "cans", name="모름", opening_hours="문의 바람"),
        ]
    )
    locations_service.import_path(db, path)
    every = locations_service.nearby(db, lat=37.5, lon=127.0)
    assert [(p.name, p.open_now) for p in every.points] == [
        ("열림", True),
        ("닫힘", False),
        ("모름", None),
    ]
    open_only = locations_service.nearby(db, lat=37.5, lon=127.0, open_now=True)
    assert [p.name for p in open_only.points] == ["열림"]


def _district_node(osm_id: int, lat: float, lon: float, district: str) -> dict[str, Any]:
    tags = {"addr:province": "서울특별시", "addr:district": district}
    return recycling_node(osm_id, lat, lon, "cans", **tags)


def test_resolve_district_by_majority_of_nearest(
    db: Session, write_overpass: OverpassWriter
) -> None:
    path = write_overpass(
        [
            _district_node(1, 37.5009, 127.0, "중구"),  # nearest two: 중구
            _district_node(2, 37.5014, 127.0, "중구"),
            _district_node(3, 37.5030, 127.0, "종로구"),
            _district_node(4, 37.5035, 127.0, "종로구"),
            _district_node(5, 37.5040, 127.0, "종로구"),
            _district_node(6, 37.5045, 127.0, "중구"),  # sixth: not a voter
            _district_node(7, 37.5050, 127.0, "중구"),
            recycling_node(8, 37.5001, 127.0, "cans"),  # no district: ignored
        ]
    )
    locations_service.import_path(db, path)
    assert locations_service.resolve_district(db, lat=37.5, lon=127.0) == ("서울특별시", "종로구")
    # 5.6 km south of the nearest point: no district within 5 km.
    assert locations_service.resolve_district(db, lat=37.45, lon=127.0) is None
    assert locations_service.resolve_district(db, lat=36.0, lon=128.0) is None


def test_resolve_district_tie_goes_to_the_nearer(
    db: Session, write_overpass: OverpassWriter
) -> None:
    path = write_overpass(
        [
            _district_node(1, 37.5010, 127.0, "종로구"),
            _district_node(2, 37.5020, 127.0, "중구"),
            _district_node(3, 37.5030, 127.0, "중구"),
            _district_node(4, 37.5040, 127.0, "종로구"),
        ]
    )
    locations_service.import_path(db, path)
    assert locations_service.resolve_district(db, lat=37.5, lon=127.0) == ("서울특별시", "종로구")


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("lat", {"lat": 91.0}),
        ("lon", {"lon": float("nan")}),
        ("radius_m", {"radius_m": 50_001}),
        ("limit", {"limit": 0}),
        ("kind", {"kind": "nonsense"}),
    ],
)
def test_service_refuses_bad_searches(field: str, kwargs: dict[str, Any]) -> None:
    search: dict[str, Any] = {"lat": 37.5, "lon": 127.0, **kwargs}
    with pytest.raises(InvalidSearch) as caught:
        locations_service.nearby(Session(), **search)  # refused before any query
    assert field in caught.value.details
