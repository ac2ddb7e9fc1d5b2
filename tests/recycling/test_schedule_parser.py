"""Tests for the district collection-schedule parser."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date, time
from pathlib import Path

import pytest

from wastecoach.recycling.schedules import (
    END_OF_DAY,
    DistrictSchedule,
    RejectedRow,
    format_time,
    parse_days,
    parse_time_range,
    read_schedules,
    window_contains,
)
from wastecoach.recycling.schedules.parser import COLUMNS, parse_clock

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("WASTECOACH_SHARED_DATA_DIR", REPO.parent / "shared" / "data"))
REAL_FILE = SHARED / "rules" / "전국생활쓰레기배출정보표준데이터.csv"
ALL = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def real_file() -> Path:
    if not REAL_FILE.exists():
        message = f"shared data file missing: {REAL_FILE} (set WASTECOACH_SHARED_DATA_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return REAL_FILE


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("월+수+금", ("mon", "wed", "fri")),
        ("월,수,금", ("mon", "wed", "fri")),
        ("월 , 수,  금", ("mon", "wed", "fri")),
        ("월수금", ("mon", "wed", "fri")),
        ("월요일·목요일", ("mon", "thu")),
        ("월~금", ("mon", "tue", "wed", "thu", "fri")),
        ("월 - 수", ("mon", "tue", "wed")),
        ("금~월", ("mon", "fri", "sat", "sun")),
        ("매일", ALL),
        ("평일", ("mon", "tue", "wed", "thu", "fri")),
        ("주말", ("sat", "sun")),
        ("일+월+화+수+목+금+토", ALL),
        ("일+월+화+수+목+금+일", ("mon", "tue", "wed", "thu", "fri", "sun")),
        ("월+목+화+금+수+토", ("mon", "tue", "wed", "thu", "fri", "sat")),
        ("없음", ()),
        ("", ()),
        ("  ", ()),
        ("격주 화", ("tue",)),
    ],
)
def test_parse_days(text: str, days: tuple[str, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("20:00", (20, 0)),
        ("8:30", (8, 30)),
        ("20시", (20, 0)),
        ("20시 30분", (20, 30)),
        ("2000", (20, 0)),
        ("20:00:00", (20, 0)),
        ("24:00", (24, 0)),
        ("24:30", None),
        ("25:00", None),
        ("없음", None),
        ("", None),
        ("저녁", None),
    ],
)
def test_parse_clock(text: str, clock: tuple[int, int] | None) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("20:00", "04:00", (time(20), time(4))),  # overnight
        ("09:00", "16:00", (time(9), time(16))),
        ("00:00", "00:00", (None, None)),  # placeholder
        ("24:00", "24:00", (None, None)),  # placeholder
        ("", "", (None, None)),
        ("없음", "없음", (None, None)),
        ("00:00", "", (None, None)),
        ("18:00", "24:00", (time(18), END_OF_DAY)),
        ("20:00", "00:00", (time(20), END_OF_DAY)),  # "until midnight"
        ("00:00", "24:00", (time(0), END_OF_DAY)),  # all day
        ("00:00", "23:59", (time(0), time(23, 59))),
        ("00:00", "20:00", (time(0), time(20))),
        ("09:00", "", (time(9), None)),
        ("15:00", "15:00", (time(15), time(15))),  # kept as given
    ],
)
def test_parse_time_range(start: str, end: str, expected: tuple[time | None, time | None]) -> None:
    assert parse_time_range(start, end) == expected


def test_windows_and_formatting() -> None:
    assert window_contains(time(20), time(4), time(2)) is True
    assert window_contains(time(20), time(4), time(12)) is False
    assert window_contains(time(18), END_OF_DAY, time(23, 59, 30)) is True
    assert window_contains(None, time(4), time(2)) is None
    assert format_time(END_OF_DAY) == "24:00"
    assert format_time(time(6, 5)) == "06:05"
    assert format_time(None) is None


def _write(tmp_path: Path, rows: list[list[str]], encoding: str = "cp949") -> Path:
    path = tmp_path / "schedule.csv"
    lines = [",".join(COLUMNS)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _row(**overrides: str) -> list[str]:
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        시도명="TEST도",
        시군구명="TEST시",
        관리구역명="없음",
        배출장소유형="거점수거",
        배출장소="TEST 거점",
        생활쓰레기배출요일="월+수+금",
        음식물쓰레기배출요일="매일",
        재활용품배출요일="없음",
        생활쓰레기배출시작시각="20:00",
        생활쓰레기배출종료시각="04:00",
        음식물쓰레기배출시작시각="00:00",
        음식물쓰레기배출종료시각="00:00",
        일시적다량폐기물배출장소="TEST 집앞",
        데이터기준일자="2019-09-01",
        제공기관코드="0000000",
        제공기관명="TEST도 TEST시",
    )
    values.update(overrides)
    return [values[c] for c in COLUMNS]


def test_fixture_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [_row(), _row(), ["broken", "row"], _row(시군구명="")],
        encoding="utf-8-sig",
    )
    items = list(read_schedules(path))
    assert [type(i) for i in items] == [
        DistrictSchedule,
        DistrictSchedule,
        RejectedRow,
        RejectedRow,
    ]
    first, second, broken, no_district = items
    assert isinstance(first, DistrictSchedule) and isinstance(second, DistrictSchedule)
    assert isinstance(broken, RejectedRow) and broken.reason == "bad_row" and broken.row_number == 3
    assert isinstance(no_district, RejectedRow) and no_district.reason == "missing_district"
    assert second.source_row_id == f"{first.source_row_id}~2"
    general, food, recyclables, bulky = first.schedules
    assert (general.waste_type, general.days) == ("general", ("mon", "wed", "fri"))
    assert (general.start_time, general.end_time) == (time(20), time(4))
    assert food.days == ALL and (food.start_time, food.end_time) == (None, None)
    assert recyclables.days == ()
    assert general.place == "TEST 거점" and bulky.place == "TEST 집앞"
    assert first.area_name is None and first.data_date == date(2019, 9, 1)
    assert first.provider == "TEST도 TEST시"


@pytest.mark.shared
def test_real_file() -> None:
    items = list(read_schedules(real_file()))
    schedules = [i for i in items if isinstance(i, DistrictSchedule)]
    assert len(items) == len(schedules) == 2725
    assert len({s.source_row_id for s in schedules}) == 2725
    assert len({(s.sido, s.sigungu) for s in schedules}) == 206
    assert len({s.sido for s in schedules}) == 16
    place_types = Counter(s.place_type for s in schedules)
    assert (place_types["거점수거"], place_types["문전수거"]) == (2147, 547)
    assert all(s.provider and s.data_date for s in schedules)
    assert min(s.data_date for s in schedules if s.data_date) >= date(2017, 11, 1)
    assert max(s.data_date for s in schedules if s.data_date) <= date(2020, 10, 31)
    windows: Counter[tuple[str | None, str | None]] = Counter()
    for s in schedules:
        for w in s.schedules:
            windows[(format_time(w.start_time), format_time(w.end_time))] += 1
            if w.waste_type != "bulky_temporary":
                assert w.days, (s.source_row_id, w)
            assert w.start_time != time(0) or w.end_time not in (None, time(0))
    assert windows[(None, None)] == 293  # 234 blank + 53 "00:00-00:00" + 6 "24:00-24:00"
    assert windows[("20:00", "24:00")] == 145  # 121 "20:00-00:00" + 24 "20:00-24:00"
    assert windows[("00:00", "24:00")] == 8
    assert windows[("09:00", None)] == 19
