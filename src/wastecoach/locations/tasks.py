"""Celery tasks of the locations service."""

from __future__ import annotations

from typing import Any

from wastecoach.core.db import session_scope
from wastecoach.core.tasks import PermanentTaskError, task
from wastecoach.locations.exceptions import ImportSourceRejected


@task(
    "locations.import_file",
    queue="bulk",
    max_retries=2,
    soft_time_limit_s=900,
    time_limit_s=960,
)
def import_file(source: str, fmt: str | None = None) -> dict[str, Any]:
    """Import a path or http(s) URL; idempotent, so a retry after a failure is safe."""
    from wastecoach.locations.service import locations as locations_service

    try:
        with session_scope() as session:
            report = locations_service.import_source(session, source, fmt=fmt)
    except ImportSourceRejected as exc:
        raise PermanentTaskError(f"{exc.code}: {exc.details}") from exc
    return report.model_dump(mode="json")
