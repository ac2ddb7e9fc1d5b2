"""Parser for 행정안전부 전국생활쓰레기배출정보표준데이터 (district collection schedules).

Time rule (per waste type, start/end pair):
- blank, "없음", "-" or an unparsable value -> None;
- a pair made only of midnights ("00:00"-"00:00", "24:00"-"24:00", "24:00"-"00:00") is the
  source's "not given" placeholder -> (None, None); so is "00:00" with a missing other end;
- "00:00" as a start is kept only when the end is a real time ("00:00"-"20:00", "00:00"-"23:59");
- an end of "24:00", or "00:00" after a real start ("20:00"-"00:00"), means "until midnight" and
  is stored as ``END_OF_DAY`` (``time.max``); ``format_time`` renders it as "24:00";
- end < start is an overnight window ("20:00"-"04:00" ends at 04:00 the next day);
  ``window_contains`` implements both cases. Equal start and end are kept as given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from wastecoach.core.csvio import iter_csv_rows

END_OF_DAY = time.max
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_KO_DAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_ALL_DAYS_WORDS = {"매일", "연중", "상시", "월~일", "월-일", "전일", "everyday", "daily"}
_NONE_WORDS = {"", "없음", "-", "미수거", "해당없음", "해당사항없음", "x", "X"}
_GROUP_WORDS = {
    "평일": (0, 1, 2, 3, 4),
    "주중": (0, 1, 2, 3, 4),
    "주말": (5, 6),
}
_EN_DAYS = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_SPLIT = re.compile(r"[+,/·、.\s]+|및|와|과")
_RANGE = re.compile(r"^(.+?)\s*[~∼\-–]\s*(.+)$")
_TIME = re.compile(r"^(\d{1,2})(?:\s*[:시.]\s*(\d{1,2})?\s*분?)?(?::\d{2})?$")

WASTE_TYPES = (
    ("general", "생활쓰레기"),
    ("food", "음식물쓰레기"),
    ("recyclables", "재활용품"),
    ("bulky_temporary", "일시적다량폐기물"),
)
COLUMNS = (
    "시도명",
    "시군구명",
    "관리구역명",
    "관리구역대상지역명",
    "배출장소유형",
    "배출장소",
    "생활쓰레기배출방법",
    "음식물쓰레기배출방법",
    "재활용품배출방법",
    "일시적다량폐기물배출방법",
    "일시적다량폐기물배출장소",
    "생활쓰레기배출요일",
    "음식물쓰레기배출요일",
    "재활용품배출요일",
    "생활쓰레기배출시작시각",
    "생활쓰레기배출종료시각",
    "음식물쓰레기배출시작시각",
    "음식물쓰레기배출종료시각",
    "재활용품배출시작시각",
    "재활용품배출종료시각",
    "일시적다량폐기물배출시작시각",
    "일시적다량폐기물배출종료시각",
    "미수거일",
    "관리부서명",
    "관리부서전화번호",
    "데이터기준일자",
    "제공기관코드",
    "제공기관명",
)


@dataclass(frozen=True)
class WasteTypeSchedule:
    waste_type: str  # "general" | "food" | "recyclables" | "bulky_temporary"
    days: tuple[str, ...]  # "mon".."sun" in week order; () when not given
    start_time: time | None
    end_time: time | None  # END_OF_DAY for "until midnight"; < start_time for overnight
    method: str | None
    place: str | None


@dataclass(frozen=True)
class DistrictSchedule:
    sido: str
    sigungu: str
    area_name: str | None
    area_targets: str | None
    place_type: str | None
    place: str | None
    schedules: tuple[WasteTypeSchedule, ...]
    no_collection_days: str | None
    department: str | None
    department_phone: str | None
    data_date: date | None
    provider_code: str | None
    provider: str | None
    source_row_id: str


@dataclass(frozen=True)
class RejectedRow:
    row_number: int  # 1-based data row, header not counted
    reason: str  # "bad_row" | "missing_district"
    raw: dict[str, str]


# --- days -----------------------------------------------------------------------------------


def _day_index(token: str) -> int | None:
    token = token.strip().lower()
    if not token:
        return None
    if token in _EN_DAYS or token[:3] in _EN_DAYS:
        return _EN_DAYS[token[:3]]
    token = token.removesuffix("요일").removesuffix("욜")
    return _KO_DAYS.get(token) if len(token) == 1 else None


def _expand_range(first: int, last: int) -> list[int]:
    if first <= last:
        return list(range(first, last + 1))
    return list(range(first, 7)) + list(range(0, last + 1))  # "금~월" wraps over the weekend


def parse_days(text: str) -> tuple[str, ...]:
    """Weekday codes in week order from Korean day lists.

    Handles "월+수+금", "월,수,금", "월 수 금", "월수금", "월요일·목요일", ranges "월~금" (also
    wrapping "금~월"), "매일", "평일", "주말", and "없음"/blank -> (). Repeats are dropped.
    Unrecognised words (e.g. "격주") are ignored.
    """
    value = re.sub(r"\s+", " ", text or "").strip()
    value = re.sub(r"\s*([~∼\-–])\s*", r"\1", value)  # "월 - 금" -> "월-금"
    if value in _NONE_WORDS:
        return ()
    compact = value.replace(" ", "")
    if compact in _ALL_DAYS_WORDS or compact.startswith("매일"):
        return WEEKDAYS
    found: set[int] = set()
    for token in _SPLIT.split(value):
        token = token.strip().strip("()[]")
        if not token:
            continue
        if token in _GROUP_WORDS:
            found.update(_GROUP_WORDS[token])
            continue
        if token in _ALL_DAYS_WORDS or token == "매일":
            return WEEKDAYS
        range_match = _RANGE.match(token)
        if range_match:
            first, last = _day_index(range_match[1]), _day_index(range_match[2])
            if first is not None and last is not None:
                found.update(_expand_range(first, last))
                continue
        index = _day_index(token)
        if index is not None:
            found.add(index)
        elif all(ch in _KO_DAYS for ch in token.replace("요일", "")):
            found.update(_KO_DAYS[ch] for ch in token.replace("요일", ""))
    return tuple(WEEKDAYS[i] for i in sorted(found))


# --- times ----------------------------------------------------------------------------------


def parse_clock(text: str | None) -> tuple[int, int] | None:
    """ "20:00", "8:30", "20시", "20시30분", "2000", "20:00:00" -> (hour, minute); else None.

    Hour 24 is allowed only as 24:00.
    """
    value = (text or "").strip()
    if value in _NONE_WORDS:
        return None
    if re.fullmatch(r"\d{4}", value):
        value = f"{value[:2]}:{value[2:]}"
    match = _TIME.match(value)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute != 0):
        return None
    return hour, minute


def parse_time_range(
    start_text: str | None, end_text: str | None
) -> tuple[time | None, time | None]:
    """Apply the module's time rule to one start/end pair."""
    start, end = parse_clock(start_text), parse_clock(end_text)
    start_midnight = start in {(0, 0), (24, 0)}
    end_midnight = end in {(0, 0), (24, 0)}
    if start is None and end is None:
        return None, None
    if start_midnight and (end is None or (end_midnight and end != (24, 0))):
        return None, None
    if start == (24, 0) and end == (24, 0):
        return None, None
    if start is None:
        return None, None if end_midnight or end is None else time(*end)
    start_time = time(0, 0) if start_midnight else time(*start)
    if end is None:
        return start_time, None
    if end == (24, 0) or (end == (0, 0) and not start_midnight):
        return start_time, END_OF_DAY
    return start_time, time(*end)


def format_time(value: time | None) -> str | None:
    if value is None:
        return None
    return "24:00" if value == END_OF_DAY else value.strftime("%H:%M")


def window_contains(start: time | None, end: time | None, at: time) -> bool | None:
    """Whether ``at`` is inside the window; None when the window is not fully known."""
    if start is None or end is None:
        return None
    if start <= end:
        return start <= at <= end
    return at >= start or at <= end  # overnight


# --- rows -----------------------------------------------------------------------------------


def _clean(value: str | None) -> str | None:
    text = re.sub(r"\s+", " ", value or "").strip()
    return None if text in _NONE_WORDS else text


def _parse_date(value: str | None) -> date | None:
    match = re.fullmatch(r"(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})", (value or "").strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _row_id(row: dict[str, str]) -> str:
    fields = (
        "제공기관코드",
        "시도명",
        "시군구명",
        "관리구역명",
        "관리구역대상지역명",
        "배출장소유형",
        "배출장소",
    )
    joined = "\x1f".join(re.sub(r"\s+", "", row.get(f, "")) for f in fields)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:20]


def schedule_from_row(row: dict[str, str], source_row_id: str) -> DistrictSchedule | None:
    sido, sigungu = _clean(row.get("시도명")), _clean(row.get("시군구명"))
    if sido is None or sigungu is None:
        return None
    place = _clean(row.get("배출장소"))
    schedules = []
    for code, prefix in WASTE_TYPES:
        start, end = parse_time_range(
            row.get(f"{prefix}배출시작시각"), row.get(f"{prefix}배출종료시각")
        )
        own_place = _clean(row.get(f"{prefix}배출장소")) if code == "bulky_temporary" else place
        schedules.append(
            WasteTypeSchedule(
                waste_type=code,
                days=parse_days(row.get(f"{prefix}배출요일", "")),
                start_time=start,
                end_time=end,
                method=_clean(row.get(f"{prefix}배출방법")),
                place=own_place,
            )
        )
    return DistrictSchedule(
        sido=sido,
        sigungu=sigungu,
        area_name=_clean(row.get("관리구역명")),
        area_targets=_clean(row.get("관리구역대상지역명")),
        place_type=_clean(row.get("배출장소유형")),
        place=place,
        schedules=tuple(schedules),
        no_collection_days=_clean(row.get("미수거일")),
        department=_clean(row.get("관리부서명")),
        department_phone=_clean(row.get("관리부서전화번호")),
        data_date=_parse_date(row.get("데이터기준일자")),
        provider_code=_clean(row.get("제공기관코드")),
        provider=_clean(row.get("제공기관명")),
        source_row_id=source_row_id,
    )


def read_schedules(path: Path) -> Iterator[DistrictSchedule | RejectedRow]:
    """Stream the rows; a broken row yields ``RejectedRow`` instead of raising.

    ``source_row_id`` hashes provider code, district, area and place; rows repeating all of
    those get ``~2``, ``~3`` … suffixes in file order.
    """
    seen: dict[str, int] = {}
    for row_number, parsed, fields in iter_csv_rows(path):
        if parsed is None:
            yield RejectedRow(row_number, "bad_row", {f"col{i}": v for i, v in enumerate(fields)})
            continue
        row = parsed
        base = _row_id(row)
        seen[base] = seen.get(base, 0) + 1
        row_id = base if seen[base] == 1 else f"{base}~{seen[base]}"
        schedule = schedule_from_row(row, row_id)
        if schedule is None:
            yield RejectedRow(row_number, "missing_district", row)
        else:
            yield schedule
