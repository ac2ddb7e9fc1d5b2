"""Store what the importers read: insert new rows, update changed ones, count the rest.

Idempotent: a row is identified by (source, source_row_id), so importing the same file again
changes nothing and reports every row as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from wastecoach.core.timeutil import utcnow
from wastecoach.locations.importers import (
    ImportStats,
    PointRecord,
    UnknownFormatError,
    detect_format,
    read_points,
    site_key,
)
from wastecoach.locations.models import GEOCODE_OK, GEOCODE_PENDING
from wastecoach.locations.repository import CollectionPointRepository
from wastecoach.locations.schemas import FileImportReport

Progress = Callable[[str, int], None]  # (file label, rows read so far)
PROGRESS_EVERY = 500
_SKIPPED_SUFFIXES = {".md", ".txt", ".pdf", ".zip"}

VALUE_FIELDS = (
    "kind",
    "name",
    "address",
    "lat",
    "lon",
    "geocode_status",
    "accepts",
    "accepts_items",
    "opening_hours",
    "phone",
    "sido",
    "sigungu",
    "detail",
    "site_key",
    "provider",
    "data_date",
    "source_file",
)


def files_to_import(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.suffix.lower() not in _SKIPPED_SUFFIXES
        )
    return [path]


def row_values(record: PointRecord, source_file: str) -> dict[str, Any]:
    return {
        "kind": record.kind.value,
        "name": record.name[:300],
        "address": record.address[:500] if record.address else None,
        "lat": record.lat,
        "lon": record.lon,
        "geocode_status": GEOCODE_OK if record.has_coordinates else GEOCODE_PENDING,
        "accepts": list(record.accepts),
        "accepts_items": list(record.accepts_items),
        "opening_hours": record.opening_hours,
        "phone": record.phone[:100] if record.phone else None,
        "sido": record.sido,
        "sigungu": record.sigungu,
        "detail": record.detail,
        "site_key": site_key(record)[:600],
        "provider": record.provider[:200] if record.provider else None,
        "data_date": record.data_date,
        "source_file": source_file[:500],
    }


def import_file(
    session: Session,
    path: Path,
    *,
    fmt: str | None,
    label: str,
    progress: Progress | None = None,
) -> FileImportReport:
    try:
        fmt = fmt or detect_format(path)
    except (UnknownFormatError, UnicodeError, OSError) as exc:
        return FileImportReport(file=label, format=None, source=None, error=str(exc)[:300])
    stats = ImportStats()
    records: dict[tuple[str, str], PointRecord] = {}
    read = 0
    for item in read_points(path, fmt, stats=stats):
        read += 1
        if isinstance(item, PointRecord):
            records[(item.source, item.source_row_id)] = item
        if progress is not None and read % PROGRESS_EVERY == 0:
            progress(label, read)
    if progress is not None:
        progress(label, read)

    report = FileImportReport(
        file=label,
        format=fmt,
        source=None,
        pending_geocode=stats.address_only,
        swapped_coordinates_fixed=stats.swapped_coordinates_fixed,
        rejected=dict(sorted(stats.rejected.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
    repo = CollectionPointRepository(session)
    sources = sorted({source for source, _ in records})
    report.source = ", ".join(sources) or None
    now = utcnow()
    for source in sources:
        existing = repo.by_source(source)
        new_rows: list[dict[str, Any]] = []
        for (rec_source, row_id), record in records.items():
            if rec_source != source:
                continue
            values = row_values(record, label)
            row = existing.get(row_id)
            if row is None:
                new_rows.append(
                    {
                        **values,
                        "source": source,
                        "source_row_id": row_id,
                        "imported_at": now,
                        "updated_at": now,
                    }
                )
            elif any(getattr(row, f) != values[f] for f in VALUE_FIELDS):
                for field_name, value in values.items():
                    setattr(row, field_name, value)
                row.updated_at = now
                report.updated += 1
            else:
                report.unchanged += 1
        session.flush()
        repo.insert_many(new_rows)
        report.imported += len(new_rows)
    session.flush()
    report.merged = sum(repo.shared_site_keys(source) for source in sources)
    return report
