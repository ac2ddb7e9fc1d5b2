"""Opening hours as short human-readable Korean text ("월~금 09:00-18:00, 토·일 휴무")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wastecoach.locations.importers.textio import clean

WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")

_HHMM = r"(\d{1,2})\s*(?::\s*(\d{2})|시\s*(?:(\d{1,2})\s*분)?)"
_RANGE = re.compile(_HHMM + r"\s*[~\-–]\s*" + _HHMM)
_CLOSED = {"휴무", "전체휴무", "휴일", "미운영", "운영안함"}
_ALWAYS = {"상시", "24시간", "연중무휴"}


def _hhmm(hour: str, minute: str | None) -> str:
    return f"{int(hour):02d}:{int(minute or 0):02d}"


def normalise_range(text: str | None) -> str | None:
    """Normalise one range: "09:00 ~ 21:00" / "08시~22시" -> "09:00-21:00".

    휴무/전체휴무 -> "휴무"; 상시 and 00:00~24:00 -> "24시간"; anything else is returned cleaned.
    """
    value = clean(text)
    if value is None:
        return None
    if value in _CLOSED:
        return "휴무"
    if value in _ALWAYS:
        return "24시간"
    match = _RANGE.fullmatch(value)
    if not match:
        return value
    start = _hhmm(match[1], match[2] or match[3])
    end = _hhmm(match[4], match[5] or match[6])
    if start == "00:00" and end in {"24:00", "23:59"}:
        return "24시간"
    return f"{start}-{end}"


def _day_span(first: int, last: int) -> str:
    if first == last:
        return WEEKDAYS_KO[first]
    if last == first + 1:
        return f"{WEEKDAYS_KO[first]}·{WEEKDAYS_KO[last]}"
    return f"{WEEKDAYS_KO[first]}~{WEEKDAYS_KO[last]}"


def weekly_hours(per_day: Sequence[str | None], holiday: str | None = None) -> str | None:
    """Group Monday..Sunday values into runs of equal hours; unknown days are left out."""
    values = [normalise_range(v) for v in per_day]
    parts: list[str] = []
    if len(set(values)) == 1 and values[0] is not None:
        parts.append(f"매일 {values[0]}")
    else:
        start = 0
        while start < len(values):
            end = start
            while end + 1 < len(values) and values[end + 1] == values[start]:
                end += 1
            if values[start] is not None:
                parts.append(f"{_day_span(start, end)} {values[start]}")
            start = end + 1
    holiday_value = normalise_range(holiday)
    if holiday_value is not None:
        parts.append(f"공휴일 {holiday_value}")
    return ", ".join(parts) or None


def weekday_holiday_hours(
    weekday_start: str | None,
    weekday_end: str | None,
    holiday_start: str | None,
    holiday_end: str | None,
    closed: str | None,
) -> str | None:
    """Recycling-centre style: weekday and holiday ranges ("00:00"-"00:00" means not given)."""
    parts: list[str] = []
    for label, start, end in (
        ("평일", weekday_start, weekday_end),
        ("공휴일", holiday_start, holiday_end),
    ):
        s, e = clean(start), clean(end)
        if s and e and not (s in {"00:00", "24:00"} and e in {"00:00", "24:00"}):
            parts.append(f"{label} {normalise_range(f'{s}~{e}')}")
    closed_text = clean(closed)
    if closed_text:
        parts.append(f"휴무: {closed_text.replace('+', ', ')}")
    return ", ".join(parts) or None


_PLACEHOLDER_HINTS = ("작성하세요", "입력시 내용을 삭제")


def free_text_hours(text: str | None) -> str | None:
    """Free-text hours (Seoul data): whitespace cleaned, template placeholders dropped."""
    value = clean(text)
    if value is None or any(hint in value for hint in _PLACEHOLDER_HINTS):
        return None
    return value
