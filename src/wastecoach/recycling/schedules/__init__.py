"""District waste-collection schedules (행정안전부 전국생활쓰레기배출정보표준데이터)."""

from wastecoach.recycling.schedules.parser import (
    END_OF_DAY,
    DistrictSchedule,
    RejectedRow,
    WasteTypeSchedule,
    format_time,
    parse_days,
    parse_time_range,
    read_schedules,
    window_contains,
)

__all__ = [
    "END_OF_DAY",
    "DistrictSchedule",
    "RejectedRow",
    "WasteTypeSchedule",
    "format_time",
    "parse_days",
    "parse_time_range",
    "read_schedules",
    "window_contains",
]
