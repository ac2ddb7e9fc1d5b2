"""Tests for the collection-point importers (fixtures + the real shared data files)."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from wastecoach.locations.importers import (
    ImportStats,
    PointKind,
    PointRecord,
    Rejected,
    detect_format,
    read_points,
    site_key,
)
from wastecoach.locations.importers.accepts import (
    categories_for,
    normalise_items,
    normalise_sectioned_items,
    take_back_items,
)
from wastecoach.locations.importers.coords import check_coordinates, in_korea
from wastecoach.locations.importers.hours import normalise_range, weekly_hours
from wastecoach.locations.importers.textio import detect_encoding
from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(os.environ.get("WASTECOACH_SHARED_DATA_DIR", REPO.parent / "shared" / "data"))
LOCATIONS = SHARED / "locations"


def shared_file(name: str) -> Path:
    path = LOCATIONS / name
    if not path.exists():
        message = f"shared data file missing: {path} (set WASTECOACH_SHARED_DATA_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


# --- fixtures written on the fly ------------------------------------------------------------

STREET_HEADER = (
    "설치장소명,시도명,시군구명,소재지도로명주소,소재지지번주소,위도,경도,세부위치,휴지통종류,"
    "관리기관명,관리기관전화번호,데이터기준일자,제공기관코드,제공기관명"
)
STREET_ROWS = [
    # ok
    "TEST 재활용 A,서울특별시,중구,서울특별시 중구 TEST로 1,,37.56,126.98,정문,재활용쓰레기,중구청,"
    "02-000-0000,2025-01-31,3010000,서울특별시 중구",
    # general + recycling (source truncates the column)
    "TEST 혼합 B,서울특별시,중구,서울특별시 중구 TEST로 2,,37.561,126.981,,일반쓰레기+재활용쓰,"
    "중구청,,2025-01-31,3010000,서울특별시 중구",
    # general waste only
    "TEST 일반 C,서울특별시,중구,서울특별시 중구 TEST로 3,,37.562,126.982,,일반쓰레기,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
    # malformed coordinate
    "TEST 재활용 D,서울특별시,중구,서울특별시 중구 TEST로 4,,37.563,127.7.23106,,재활용쓰레기,"
    "중구청,,2025-01-31,3010000,서울특별시 중구",
    # swapped lat/lon
    "TEST 재활용 E,서울특별시,중구,서울특별시 중구 TEST로 5,,126.984,37.564,,재활용쓰레기,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
    # zero coordinates -> address only
    "TEST 재활용 F,서울특별시,중구,,서울특별시 중구 TEST동 6,0,0,,재활용쓰레기,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
    # outside Korea
    "TEST 재활용 G,서울특별시,중구,서울특별시 중구 TEST로 7,,5.157,126.93,,재활용쓰레기,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
    # too few fields
    "TEST 깨진 줄,서울특별시",
    # missing name
    ",서울특별시,중구,서울특별시 중구 TEST로 8,,37.565,126.985,,재활용쓰레기,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
    # unknown bin type
    "TEST 기타 H,서울특별시,중구,서울특별시 중구 TEST로 9,,37.566,126.986,,기타,중구청,,"
    "2025-01-31,3010000,서울특별시 중구",
]


def write_street_bins(tmp_path: Path, encoding: str) -> Path:
    path = tmp_path / f"street-{encoding}.csv"
    path.write_text("\r\n".join([STREET_HEADER, *STREET_ROWS]) + "\r\n", encoding=encoding)
    return path


@pytest.mark.parametrize("encoding", ["cp949", "utf-8", "utf-8-sig"])
def test_street_bin_fixture_every_row_outcome(tmp_path: Path, encoding: str) -> None:
    path = write_street_bins(tmp_path, encoding)
    assert detect_format(path) == "datagokr_street_bin"
    stats = ImportStats()
    items = list(read_points(path, stats=stats))

    assert len(items) == len(STREET_ROWS)
    outcome = {i.row_number: i.reason for i in items if isinstance(i, Rejected)}
    assert outcome == {
        3: "general_waste_only",
        4: "coords_malformed",
        7: "coords_out_of_korea",
        8: "bad_row",
        9: "missing_name",
        10: "bin_type_other",
    }
    records = {r.name: r for r in items if isinstance(r, PointRecord)}
    a, b, e, f = (
        records[f"TEST 재활용 {x}"] if x != "B" else records["TEST 혼합 B"] for x in "ABEF"
    )
    assert a.kind is PointKind.STREET_RECYCLING_BIN
    assert (a.lat, a.lon, a.detail, a.data_date) == (37.56, 126.98, "정문", date(2025, 1, 31))
    assert a.provider == "서울특별시 중구" and a.phone == "02-000-0000"
    assert b.accepts_items == ("일반쓰레기", "재활용쓰레기")
    assert (e.lat, e.lon) == (37.564, 126.984)  # swapped back
    assert (f.lat, f.lon, f.address) == (None, None, "서울특별시 중구 TEST동 6")
    assert stats.swapped_coordinates_fixed == 1
    assert (stats.with_coordinates, stats.address_only) == (3, 1)
    assert sum(stats.rejected.values()) == 6


def test_row_ids_do_not_depend_on_row_order_or_coordinates(tmp_path: Path) -> None:
    first = write_street_bins(tmp_path, "cp949")
    moved = tmp_path / "moved.csv"
    rows = list(reversed(STREET_ROWS))
    rows = [r.replace("37.56,126.98", "37.5601,126.9801") for r in rows]
    moved.write_text("\n".join([STREET_HEADER, *rows]) + "\n", encoding="cp949")

    def ids(path: Path) -> dict[str, str]:
        return {r.name: r.source_row_id for r in read_points(path) if isinstance(r, PointRecord)}

    assert ids(first) == ids(moved)


def test_identical_rows_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([STREET_HEADER, STREET_ROWS[0], STREET_ROWS[0]]), encoding="cp949")
    ids = [r.source_row_id for r in read_points(path) if isinstance(r, PointRecord)]
    assert len(ids) == 2 and ids[1] == f"{ids[0]}~2"


def test_encoding_detection_falls_back_on_a_damaged_cp949_file(tmp_path: Path) -> None:
    path = write_street_bins(tmp_path, "cp949")
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\xff" + data[200:])  # one invalid byte
    assert detect_encoding(path) == "cp949"
    items = list(read_points(path))
    assert len(items) == len(STREET_ROWS)


def test_clothing_and_medicine_are_told_apart_by_header(tmp_path: Path) -> None:
    clothing = tmp_path / "a.csv"
    clothing.write_text(
        "관리번호,설치장소명,시도명,시군구명,소재지도로명주소,소재지지번주소,위도,경도,상세위치,"
        "관리기관명,관리기관전화번호,데이터기준일자,제공기관코드,제공기관명\n"
        "7,TEST 빌라,부산광역시,해운대구,부산광역시 해운대구 TEST로 1,,,,TEST 앞,TEST,,2026-06-12,"
        "3330000,부산광역시 해운대구\n",
        encoding="cp949",
    )
    medicine = tmp_path / "b.csv"
    medicine.write_text(
        "설치장소명,시도명,시군구명,소재지도로명주소,소재지지번주소,위도,경도,세부위치,관리기관명,"
        "관리기관전화번호,데이터기준일자,제공기관코드,제공기관명\n"
        "TEST 약국,대구광역시,중구,대구광역시 중구 TEST로 2,,35.86,128.60,,TEST,,2026-06-24,"
        "3410000,대구광역시 중구\n",
        encoding="utf-8",
    )
    assert detect_format(clothing) == "datagokr_clothing"
    assert detect_format(medicine) == "datagokr_medicine"
    (cloth,) = read_points(clothing)
    (med,) = read_points(medicine)
    assert isinstance(cloth, PointRecord) and isinstance(med, PointRecord)
    assert cloth.kind is PointKind.CLOTHING_BIN and cloth.accepts == ("의류및원단",)
    assert cloth.lat is None and cloth.detail == "TEST 앞"
    assert med.kind is PointKind.MEDICINE_BIN and med.accepts == ("생활계유해폐기물",)


# --- OpenStreetMap --------------------------------------------------------------------------


def test_overpass_fixture() -> None:
    path = FIXTURES / "overpass_sample.json"
    assert detect_format(path) == "overpass_json"
    stats = ImportStats()
    items = list(read_points(path, stats=stats))
    records = {r.source_row_id: r for r in items if isinstance(r, PointRecord)}
    rejected = {
        i.raw["id"] if "id" in i.raw else str(i.row_number): i.reason
        for i in items
        if isinstance(i, Rejected)
    }

    clothes = records["node/1001"]
    assert clothes.kind is PointKind.OSM_RECYCLING
    assert clothes.accepts == ("의류및원단",)
    assert clothes.accepts_items == ("clothes", "shoes")  # glass=no is left out
    assert clothes.data_date == date(2025, 1, 2) and clothes.source == "osm"
    unnamed = records["node/1002"]
    assert unnamed.name == "재활용 수거함"
    assert unnamed.accepts == ("종이팩", "플라스틱류", "금속류")
    assert "unknown_material" in unnamed.accepts_items
    centre = records["way/2001"]
    assert (centre.lat, centre.lon) == (35.1001, 129.0001)
    assert centre.accepts == ("전기전자제품", "대형폐기물")
    assert centre.opening_hours == "Mo-Fr 09:00-18:00" and centre.provider == "TEST operator"
    assert records["node/1003"].kind is PointKind.REVERSE_VENDING
    assert records["node/1004"].kind is PointKind.ZERO_WASTE_SHOP
    assert records["node/1004"].phone == "+82-2-000-0000"
    assert (records["node/1007"].lat, records["node/1007"].lon) == (37.5007, 127.0007)
    assert stats.swapped_coordinates_fixed == 1
    no_geometry = records["way/2002"]
    assert no_geometry.lat is None and no_geometry.address == "TEST address 1"
    assert rejected == {
        "1005": "not_a_collection_point",
        "1006": "coords_out_of_korea",
        "2003": "missing_location",
        "3001": "not_a_collection_point",
    }
    assert site_key(clothes).startswith("clothing_bin@")


def test_osm_xml_and_pbf_through_pyosmium(tmp_path: Path) -> None:
    osmium = pytest.importorskip("osmium")
    xml = FIXTURES / "osm_sample.osm"
    pbf = tmp_path / "sample.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf))
    try:
        for obj in osmium.FileProcessor(str(xml)):
            if obj.is_node():
                writer.add_node(obj)
            elif obj.is_way():
                writer.add_way(obj)
    finally:
        writer.close()
    for path in (xml, pbf):
        assert detect_format(path) == "osm_pbf"
        records = {r.source_row_id: r for r in read_points(path) if isinstance(r, PointRecord)}
        assert set(records) == {"node/10", "way/20"}
        assert records["node/10"].accepts == ("전지",)
        centre = records["way/20"]
        assert centre.lat == pytest.approx(37.5001) and centre.lon == pytest.approx(127.0001)
        assert centre.accepts == ("종이류",)


# --- mapping table and helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "accepts"),
    [
        ("형광등+건전지", ("전지", "조명제품")),
        ("폐형광등+폐LED+폐전지류", ("전지", "조명제품")),
        ("형광램프+LED조명+알카라인전지+망간전지+리튬전지+니켈-카드뮴전지", ("전지", "조명제품")),
        ("배터리+형광등", ("전지", "조명제품")),
        ("가전+가구", ("전기전자제품", "대형폐기물")),
        ("중고가구가전제품", ("전기전자제품", "대형폐기물")),
        ("의류+가방+신발+재활용비누+장난감+잡화 등", ("의류및원단", "기타")),
        ("투명페트병+유색페트병", ("무색페트병", "플라스틱류")),
        ("종이팩+종이류", ("종이류", "종이팩")),
        ("알루미늄캔+매트리스스프링", ("금속류",)),
        ("스티로폼+폐매트리스", ("발포합성수지", "대형폐기물")),
        ("소주병+맥주병+파병(백색,갈색,청색)", ("유리병",)),
        ("폐폴리염화비닐수지류", ("플라스틱류",)),
        ("재활용품", ()),
    ],
)
def test_free_text_accepts(text: str, accepts: tuple[str, ...]) -> None:
    assert normalise_items(text)[0] == accepts


def test_items_are_split_and_cleaned() -> None:
    _, items = normalise_items("가전제품+가구 등")
    assert items == ("가전제품", "가구")
    _, items = normalise_items("재활용품(캔, 병, 플라스틱)")
    assert items == ("재활용품(캔, 병, 플라스틱)",)
    assert categories_for(items[0]) == ("플라스틱류", "유리병", "금속류")


def test_keco_sections_give_context_to_bare_items() -> None:
    text = "(플라스틱류)\n무색페트병\nother\n빨대\n(캔류)\n알루미늄\n철\n(완구류)\n장난감"
    accepts, items = normalise_sectioned_items(text)
    assert accepts == ("무색페트병", "플라스틱류", "금속류", "기타")
    assert items == ("무색페트병", "other", "빨대", "알루미늄", "철", "장난감")
    assert normalise_sectioned_items("투명패트병\n캔")[0] == ("무색페트병", "금속류")
    assert normalise_sectioned_items("투명페트명")[0] == ("무색페트병",)


def test_zero_waste_take_back_needs_a_take_back_phrase() -> None:
    accepts, items = take_back_items("플라스틱병뚜껑 수거 종이팩,멸균팩 수거 아이스팩 수거")
    assert accepts == ("종이팩", "플라스틱류", "기타")
    assert items == ("플라스틱병뚜껑", "종이팩", "멸균팩", "아이스팩")
    assert take_back_items("순환 자원 수거(PP/PE 플라스틱, PET 음료병)")[0] == ("플라스틱류",)
    assert take_back_items("서울형다회용기 음식배달/수거|") == ((), ())
    assert take_back_items("우유팩으로 만든 휴지 판매") == ((), ())


def test_every_mapped_category_is_official() -> None:
    assert set(categories_for("형광등 건전지 가구 의류 투명페트병 캔 비닐 스티로폼")) <= set(
        OFFICIAL_CATEGORIES
    )


@pytest.mark.parametrize(
    ("lat", "lon", "status"),
    [
        ("37.5", "127.0", "ok"),
        ("37.24", "131.86", "ok"),  # Dokdo
        ("127.0", "37.5", "swapped"),
        ("", "", "missing"),
        ("0", "0", "missing"),
        ("36.55", "127.7.23106", "malformed"),
        ("37.45?", "126.64", "malformed"),
        ("37.5", "", "malformed"),
        ("5.157", "126.93", "out_of_korea"),
        ("nan", "nan", "malformed"),
    ],
)
def test_coordinate_check(lat: str, lon: str, status: str) -> None:
    assert check_coordinates(lat, lon).status == status


def test_hours() -> None:
    assert normalise_range("09:00 ~ 21:00") == "09:00-21:00"
    assert normalise_range("08시~22시") == "08:00-22:00"
    assert normalise_range("00:00~24:00") == "24시간"
    assert normalise_range("전체휴무") == "휴무"
    week = ["09:00~18:00"] * 5 + ["휴무", "휴무"]
    assert weekly_hours(week, "휴무") == "월~금 09:00-18:00, 토·일 휴무, 공휴일 휴무"
    assert weekly_hours(["상시"] * 7) == "매일 24시간"


def test_site_key_rule() -> None:
    base = PointRecord(
        source="x",
        source_row_id="1",
        kind=PointKind.CLOTHING_BIN,
        name="A",
        address=None,
        lat=37.50001,
        lon=127.00001,
        accepts=("의류및원단",),
        accepts_items=(),
        opening_hours=None,
        phone=None,
        provider=None,
        data_date=None,
        sido=None,
        sigungu=None,
        detail=None,
    )
    osm = replace(base, kind=PointKind.OSM_RECYCLING, lat=37.50002, lon=127.00002)
    medicine = replace(base, kind=PointKind.MEDICINE_BIN)
    addr1 = replace(base, lat=None, lon=None, address="서울 중구 TEST로 1 (TEST동)")
    addr2 = replace(base, lat=None, lon=None, address="서울 중구 TEST로 1")
    assert site_key(base) == site_key(osm) == "clothing_bin@37.5000,127.0000"
    assert site_key(base) != site_key(medicine)
    assert site_key(addr1) == site_key(addr2) == "clothing_bin#서울중구TEST로1"


# --- the real shared files ------------------------------------------------------------------

# Measured with this importer; rejected counts by reason.
REAL_FILES = {
    "전국의류수거함표준데이터.csv": ("datagokr_clothing", 9532, 971, {}),
    "전국폐형광등폐건전지수거함표준데이터.csv": ("datagokr_battery_lamp", 805, 0, {}),
    "전국폐의약품수거함표준데이터.csv": ("datagokr_medicine", 6741, 0, {}),
    "전국재활용센터표준데이터.csv": ("datagokr_recycling_center", 183, 0, {}),
    "전국휴지통표준데이터.csv": (
        "datagokr_street_bin",
        1536,
        0,
        {"general_waste_only": 1790, "bin_type_other": 191},
    ),
    "keco_recycle_compensation_sites.csv": (
        "keco_reverse_vending",
        395,
        9,
        {"coords_out_of_korea": 3, "coords_malformed": 2},
    ),
    "seoul_zero_waste_shops.geojson": ("seoul_zero_waste_geojson", 458, 0, {}),
}


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_file_counts(name: str) -> None:
    path = shared_file(name)
    fmt, with_coords, address_only, rejected = REAL_FILES[name]
    assert detect_format(path) == fmt
    stats = ImportStats()
    records = [r for r in read_points(path, stats=stats) if isinstance(r, PointRecord)]
    assert (stats.with_coordinates, stats.address_only) == (with_coords, address_only)
    assert dict(stats.rejected) == rejected
    assert stats.swapped_coordinates_fixed == 0
    for rec in records:
        assert rec.lat is None or in_korea(rec.lat, rec.lon or 0.0)
        assert (rec.lat is None) == (rec.lon is None)
        assert set(rec.accepts) <= set(OFFICIAL_CATEGORIES)
        assert rec.name and rec.provider
    assert len({r.source_row_id for r in records}) == len(records)


@pytest.mark.shared
def test_real_keco_broken_coordinates() -> None:
    path = shared_file("keco_recycle_compensation_sites.csv")
    items = list(read_points(path))
    rejected = {i.raw["positnSn"]: i.reason for i in items if isinstance(i, Rejected)}
    assert rejected == {
        "47": "coords_out_of_korea",  # lat 5.157
        "188": "coords_out_of_korea",
        "313": "coords_out_of_korea",
        "99": "coords_malformed",  # "37.45255496043788?"
        "368": "coords_malformed",  # "127.7.23106"
    }
    blank = {r.source_row_id for r in items if isinstance(r, PointRecord) and r.lat is None}
    assert blank == {"204", "205", "207", "208", "210", "326", "348", "353", "379"}
    first = next(r for r in items if isinstance(r, PointRecord) and r.source_row_id == "1")
    assert first.accepts == ("종이류", "무색페트병", "플라스틱류", "금속류")
    assert first.opening_hours == "월 휴무, 화 11:00-14:00, 수~일 휴무, 공휴일 휴무"
    assert (first.sido, first.sigungu) == ("경기도", "고양시 덕양구")  # from the jibun address
    assert sum(r.sido is None for r in items if isinstance(r, PointRecord)) == 0


@pytest.mark.shared
def test_real_accepts_samples() -> None:
    battery = [
        r
        for r in read_points(shared_file("전국폐형광등폐건전지수거함표준데이터.csv"))
        if isinstance(r, PointRecord)
    ]
    by_items = Counter(r.accepts for r in battery)
    assert set(by_items) == {("전지",), ("조명제품",), ("전지", "조명제품")}
    zero_waste = [
        r
        for r in read_points(shared_file("seoul_zero_waste_shops.geojson"))
        if isinstance(r, PointRecord)
    ]
    taking_back = [r for r in zero_waste if r.accepts]
    assert 10 <= len(taking_back) <= 30  # 20 measured: the shops whose text says 수거/회수
    assert all(r.kind is PointKind.ZERO_WASTE_SHOP for r in zero_waste)


@pytest.mark.shared
def test_real_distinct_sites() -> None:
    records = [
        r
        for name in REAL_FILES
        for r in read_points(shared_file(name))
        if isinstance(r, PointRecord)
    ]
    with_coords = [r for r in records if r.lat is not None]
    assert len(with_coords) == 19650
    assert len({site_key(r) for r in with_coords}) == 18464
    assert len({site_key(r) for r in records}) == 19424
