"""Is a point open now? Reads the opening-hours texts the importers produce.

Understood (anything else makes the whole text "unknown", never a guess):
- importer summaries: "매일 09:00-18:00", "월~금 09:00-18:00, 토·일 휴무", "24시간",
  "평일 09:00-18:00, 휴무: 일요일" (평일 = Monday to Friday);
- simple OpenStreetMap ``opening_hours``: "Mo-Fr 09:00-18:00; Sa 10:00-14:00; Su off", "24/7".

Public holidays are not known to the service, so "공휴일 …" and "PH …" clauses are skipped:
on a public holiday a point can be reported open. A day no clause mentions is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_KO_DAYS = "월화수목금토일"
_EN_DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
_TIME = r"(\d{1,2}):(\d{2})"
_RANGE = re.compile(_TIME + r"\s*[-~–]\s*" + _TIME)
_CLOSED_WORDS = {"휴무", "off", "closed", "휴관", "정기휴무"}
_ALWAYS = {"24시간", "24/7", "연중무휴", "상시"}
_HOLIDAY_PREFIXES = ("공휴일", "ph", "법정공휴일")

Minutes = tuple[int, int]  # [start, end) in minutes after midnight; end may exceed 1440


@dataclass(frozen=True)
class WeekSchedule:
    days: dict[int, tuple[Minutes, ...]]  # weekday (0 = Monday) -> ranges; () = closed

    def is_open(self, when: datetime) -> bool | None:
        today = when.weekday()
        minute = when.hour * 60 + when.minute
        yesterday = self.days.get((today - 1) % 7, ())
        if any(end > 1440 and minute < end - 1440 for _, end in yesterday):
            return True
        if today not in self.days:
            return None
        return any(start <= minute < end for start, end in self.days[today])


def parse_hours(text: str | None) -> WeekSchedule | None:
    """A weekly schedule, or None when any part of ``text`` is not understood."""
    if not text:
        return None
    value = text.strip()
    if value.lower() in _ALWAYS:
        return WeekSchedule({d: ((0, 1440),) for d in range(7)})
    days: dict[int, tuple[Minutes, ...]] = {}
    main, _, closed_tail = value.partition("휴무:")
    if closed_tail:
        for token in re.split(r"[,\s·]+", closed_tail.strip()):
            token = token.removesuffix("요일")
            if len(token) == 1 and token in _KO_DAYS:
                days[_KO_DAYS.index(token)] = ()
            elif token and token not in {"공휴일", "법정공휴일", "설날", "추석", "명절"}:
                return None
    for clause in _clauses(main):
        parsed = _clause(clause)
        if parsed is None:
            return None
        for day, ranges in parsed.items():
            if day not in days:  # the explicit closed-day list wins
                days[day] = ranges
    return WeekSchedule(days) if days else None


def _clauses(text: str) -> list[str]:
    """Split on ; and , but keep day lists such as "토,일 09:00-18:00" together."""
    clauses: list[str] = []
    pending = ""
    for part in re.split(r"[;,]\s*(?![0-9])", text):
        part = part.strip()
        if not part:
            continue
        if pending:
            part, pending = f"{pending},{part}", ""
        if _days(part) is not None and not re.search(r"\s", part):
            pending = part  # a bare day list: its hours follow in the next part
            continue
        clauses.append(part)
    if pending:
        clauses.append(pending)
    return clauses


def _clause(clause: str) -> dict[int, tuple[Minutes, ...]] | None:
    if clause.lower().startswith(_HOLIDAY_PREFIXES):
        return {}
    match = re.match(r"(?P<days>[^\d]+?)\s+(?P<rest>.+)$", clause)
    if match:
        day_set = _days(match["days"])
        rest = match["rest"].strip()
    else:
        day_set, rest = set(range(7)), clause  # "09:00-18:00" alone: every day (OSM rule)
    if day_set is None:
        return None
    ranges = _ranges(rest)
    if ranges is None:
        return None
    return dict.fromkeys(day_set, ranges)


def _days(text: str) -> set[int] | None:
    spec = text.strip().lower().replace("요일", "")
    if spec in {"매일", "daily", "mo-su"}:
        return set(range(7))
    if spec == "평일":
        return set(range(5))
    if spec == "주말":
        return {5, 6}
    result: set[int] = set()
    for part in re.split(r"[·,\s]+", spec):
        if not part:
            continue
        bounds = re.split(r"[~\-–]", part)
        indices = [_day_index(b.strip()) for b in bounds]
        if len(indices) not in (1, 2) or any(i is None for i in indices):
            return None
        first, last = indices[0], indices[-1]
        assert first is not None and last is not None
        day = first
        result.add(day)
        while day != last:
            day = (day + 1) % 7
            result.add(day)
    return result or None


def _day_index(token: str) -> int | None:
    if len(token) == 1 and token in _KO_DAYS:
        return _KO_DAYS.index(token)
    if token in _EN_DAYS:
        return _EN_DAYS.index(token)
    return None


def _ranges(text: str) -> tuple[Minutes, ...] | None:
    if text.lower() in _CLOSED_WORDS:
        return ()
    if text.lower() in _ALWAYS:
        return ((0, 1440),)
    ranges: list[Minutes] = []
    for part in re.split(r"\s*,\s*", text):
        match = _RANGE.fullmatch(part.strip())
        if match is None:
            return None
        start = int(match[1]) * 60 + int(match[2])
        end = int(match[3]) * 60 + int(match[4])
        if start > 1440 or end > 1440:
            return None
        if end <= start:
            end += 1440  # past midnight
        ranges.append((start, end))
    return tuple(ranges)
