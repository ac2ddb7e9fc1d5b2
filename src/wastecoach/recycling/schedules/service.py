"""District collection schedules: import the national standard data and answer by district."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from wastecoach.core.i18n import Lang
from wastecoach.recycling.exceptions import ScheduleNotFound
from wastecoach.recycling.kb.schema import RECYCLABLE_CATEGORIES
from wastecoach.recycling.models import DistrictSchedule
from wastecoach.recycling.repository import ScheduleRepository
from wastecoach.recycling.schedules.parser import (
    DistrictSchedule as ParsedSchedule,
)
from wastecoach.recycling.schedules.parser import (
    RejectedRow,
    format_time,
    read_schedules,
)
from wastecoach.recycling.schemas import (
    DistrictScheduleRead,
    ScheduleResponse,
    WasteTypeScheduleRead,
)

WASTE_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "general": ("생활쓰레기(종량제)", "General waste (volume-rate bags)"),
    "food": ("음식물쓰레기", "Food waste"),
    "recyclables": ("재활용품", "Recyclables"),
    "bulky_temporary": ("일시적 다량 폐기물", "Temporary large amounts"),
}
DAY_LABELS: dict[str, tuple[str, str]] = {
    "mon": ("월", "Mon"),
    "tue": ("화", "Tue"),
    "wed": ("수", "Wed"),
    "thu": ("목", "Thu"),
    "fri": ("금", "Fri"),
    "sat": ("토", "Sat"),
    "sun": ("일", "Sun"),
}
CATEGORY_WASTE_TYPE: dict[str, str] = {
    **dict.fromkeys(RECYCLABLE_CATEGORIES, "recyclables"),
    "음식물류폐기물": "food",
    "일반종량제폐기물": "general",
    "불연성종량제폐기물": "general",
}


def _row(parsed: ParsedSchedule, source_file: str) -> DistrictSchedule:
    schedules = [
        {
            "waste_type": s.waste_type,
            "days": list(s.days),
            "start_time": format_time(s.start_time),
            "end_time": format_time(s.end_time),
            "method": s.method,
            "place": s.place,
        }
        for s in parsed.schedules
    ]
    fields = asdict(parsed)
    fields.pop("schedules")
    return DistrictSchedule(**fields, schedules=schedules, source_file=source_file)


def import_schedules(
    session: Session, path: Path, *, on_row: Callable[[], None] | None = None
) -> dict[str, Any]:
    repository = ScheduleRepository(session)
    created = updated = 0
    rejected: Counter[str] = Counter()
    for record in read_schedules(path):
        if on_row:
            on_row()
        if isinstance(record, RejectedRow):
            rejected[record.reason] += 1
            continue
        if repository.upsert(_row(record, path.name)):
            created += 1
        else:
            updated += 1
    session.flush()
    return {
        "file": path.name,
        "imported": created,
        "updated": updated,
        "rejected": dict(rejected),
        "total_rows_in_db": repository.count(),
    }


def _read(row: DistrictSchedule, lang: Lang) -> DistrictScheduleRead:
    index = 1 if lang == "en" else 0
    return DistrictScheduleRead(
        sido=row.sido,
        sigungu=row.sigungu,
        area_name=row.area_name,
        area_targets=row.area_targets,
        place_type=row.place_type,
        place=row.place,
        schedules=[
            WasteTypeScheduleRead(
                **entry,
                label=WASTE_TYPE_LABELS.get(entry["waste_type"], (entry["waste_type"],) * 2)[index],
            )
            for entry in row.schedules
        ],
        no_collection_days=row.no_collection_days,
        department=row.department,
        department_phone=row.department_phone,
        data_date=row.data_date,
        provider=row.provider,
    )


def _find_rows(session: Session, sido: str, sigungu: str) -> list[DistrictSchedule]:
    repository = ScheduleRepository(session)
    rows = list(repository.by_district(sido, sigungu))
    if rows:
        return rows
    # "서울" for "서울특별시", or a 시군구 given without its 시도.
    for full_sido, full_sigungu in repository.districts_like(sigungu):
        if not sido or full_sido.startswith(sido):
            return list(repository.by_district(full_sido, full_sigungu))
    return []


def get_schedule(
    session: Session, *, sido: str, sigungu: str, lang: Lang, resolved_from: str = "query"
) -> ScheduleResponse:
    rows = _find_rows(session, sido.strip(), sigungu.strip())
    if not rows:
        raise ScheduleNotFound({"sido": sido, "sigungu": sigungu})
    return ScheduleResponse(
        sido=rows[0].sido,
        sigungu=rows[0].sigungu,
        resolved_from=resolved_from,
        areas=[_read(row, lang) for row in rows],
    )


def collection_days_for(
    session: Session, *, sido: str, sigungu: str, category: str
) -> dict[str, Any] | None:
    """When this category goes out in this district (all areas' distinct windows), or None."""
    waste_type = CATEGORY_WASTE_TYPE.get(category)
    if waste_type is None:
        return None
    rows = _find_rows(session, sido, sigungu)
    windows: dict[tuple[Any, ...], list[str]] = {}
    for row in rows:
        for entry in row.schedules:
            if entry["waste_type"] != waste_type or not entry["days"]:
                continue
            key = (tuple(entry["days"]), entry["start_time"], entry["end_time"])
            windows.setdefault(key, []).append(row.area_name or row.sigungu)
    if not windows:
        return None
    return {
        "sido": sido,
        "sigungu": sigungu,
        "waste_type": waste_type,
        "label": {"ko": WASTE_TYPE_LABELS[waste_type][0], "en": WASTE_TYPE_LABELS[waste_type][1]},
        "windows": [
            {"days": list(days), "start_time": start, "end_time": end, "areas": areas[:5]}
            for (days, start, end), areas in sorted(windows.items(), key=lambda kv: -len(kv[1]))
        ][:5],
        "provider": rows[0].provider,
        "data_date": rows[0].data_date.isoformat() if rows[0].data_date else None,
    }
