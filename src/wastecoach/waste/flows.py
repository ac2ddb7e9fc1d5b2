"""The scan pipeline: classify -> match -> coach -> nearby, one stored stage at a time.

Each finished stage's output is saved on the scan before the next starts, so a retried task
(a worker killed mid-scan, a broker restart) resumes where it stopped instead of redoing
inference. Runs inside a Celery task, or in-process on the embedded default.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wastecoach.core.db import session_scope
from wastecoach.core.i18n import Lang
from wastecoach.core.storage import get_storage
from wastecoach.core.tasks import PermanentTaskError, dispatch, enqueue
from wastecoach.core.timeutil import utcnow
from wastecoach.recycling.config import get_coach_settings
from wastecoach.recycling.service import recycling as recycling_service
from wastecoach.waste.config import get_vision_settings
from wastecoach.waste.matching import match
from wastecoach.waste.models import Scan
from wastecoach.waste.providers.base import VisionResult
from wastecoach.waste.providers.local import LocalVisionProvider
from wastecoach.waste.providers.remote import OpenAIVisionProvider, RemoteVisionError
from wastecoach.waste.repository import ScanRepository

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
STAGE_PROGRESS = {"classify": 45, "match": 60, "coach": 80, "nearby": 95}


def classify_with_fallback(jpeg: bytes, *, hint: str | None, remote: bool) -> dict[str, Any]:
    settings = get_vision_settings()
    fallback_reason = None
    result: VisionResult | None = None
    if remote:
        try:
            result = OpenAIVisionProvider(settings).classify(jpeg, hint=hint, top_k=settings.top_k)
        except RemoteVisionError as exc:
            fallback_reason = str(exc)[:300]
            logger.warning("remote vision failed, using the local model: %s", fallback_reason)
    if result is None:
        result = LocalVisionProvider().classify(jpeg, hint=hint, top_k=settings.top_k)
    return {**result.model_dump(mode="json"), "fallback_reason": fallback_reason}


def coach_stage(scan: Scan) -> dict[str, Any]:
    matched = scan.stages["match"]
    item_id = matched.get("item_id")
    if item_id is None:
        return {}
    conditions = matched.get("conditions", {})
    variant = matched.get("variant")
    return {
        lang: recycling_service.coach(item_id, conditions, lang, variant).model_dump(mode="json")
        for lang in ("ko", "en")
    }


def nearby_stage(session: Session, scan: Scan) -> dict[str, Any]:
    item_id = scan.stages["match"].get("item_id")
    if scan.lat is None or scan.lon is None or item_id is None:
        return {}
    from wastecoach.locations.service import locations as locations_service

    category = recycling_service.category_of(item_id, scan.stages["match"].get("variant"))
    points = {
        lang: locations_service.nearby(
            session, lat=scan.lat, lon=scan.lon, accepts=category, limit=3, lang=lang
        ).model_dump(mode="json")["points"]
        for lang in ("ko", "en")
    }
    district = locations_service.resolve_district(session, lat=scan.lat, lon=scan.lon)
    schedule = None
    if district is not None:
        schedule = recycling_service.collection_days_for(
            session, sido=district[0], sigungu=district[1], category=category
        )
    return {
        "points": points,
        "district": {"sido": district[0], "sigungu": district[1]} if district else None,
        "schedule": schedule,
    }


def _save(session: Session, scan: Scan, stage: str, output: dict[str, Any]) -> None:
    scan.stages = {**scan.stages, stage: output}  # a new dict, so the JSON change is seen
    scan.stage = stage
    scan.progress = STAGE_PROGRESS[stage]
    session.commit()


def refresh_after_answers(session: Session, scan: Scan) -> None:
    """Recompute the cheap stages (no inference) after the person answered questions."""
    settings = get_vision_settings()
    output = match(
        scan.stages["classify"],
        hint=scan.hint,
        answers=scan.answers,
        confident_at=settings.confident_at,
    )
    previous_item = scan.stages.get("match", {}).get("item_id")
    scan.stages = {**scan.stages, "match": output}
    scan.stages = {**scan.stages, "coach": coach_stage(scan)}
    if output.get("item_id") != previous_item:
        scan.stages = {**scan.stages, "nearby": nearby_stage(session, scan)}


def run_pipeline(scan_id: str, *, remote: bool = False) -> str:
    with session_scope() as session:
        repository = ScanRepository(session)
        scan = repository.get(scan_id)
        if scan is None:
            raise PermanentTaskError(f"scan {scan_id} does not exist")
        if scan.status in ("done", "failed"):
            return scan.status
        scan.status, scan.attempts = "running", scan.attempts + 1
        session.commit()
        try:
            _run_stages(session, scan, remote=remote)
        except Exception as exc:
            session.rollback()
            if scan.attempts >= MAX_ATTEMPTS or isinstance(exc, PermanentTaskError):
                scan.status, scan.error_code = "failed", "pipeline_failed"
                scan.finished_at = utcnow()
                session.commit()
                raise PermanentTaskError(f"scan {scan_id} failed: {exc!r}") from exc
            raise
        return scan.status


def _run_stages(session: Session, scan: Scan, *, remote: bool) -> None:
    settings = get_vision_settings()
    if "classify" not in scan.stages:
        jpeg = get_storage().get(scan.image_key)
        _save(
            session, scan, "classify", classify_with_fallback(jpeg, hint=scan.hint, remote=remote)
        )
    if "match" not in scan.stages:
        output = match(
            scan.stages["classify"],
            hint=scan.hint,
            answers=scan.answers,
            confident_at=settings.confident_at,
        )
        _save(session, scan, "match", output)
    if "coach" not in scan.stages:
        _save(session, scan, "coach", coach_stage(scan))
    if "nearby" not in scan.stages:
        _save(session, scan, "nearby", nearby_stage(session, scan))
    scan.status, scan.stage, scan.progress = "done", "done", 100
    scan.finished_at = utcnow()
    matched = scan.stages["match"]
    # Under a stated variant the grounded route is the answer; the LLM coaches the usual one.
    if get_coach_settings().enabled and matched.get("item_id") and matched.get("variant") is None:
        # The person already has grounded coaching; the LLM's rephrasing follows if it passes.
        enqueue("waste.refine_coaching", scan.id, session=session)
    session.commit()


def refine_coaching_with_llm(scan_id: str) -> bool:
    with session_scope() as session:
        scan = ScanRepository(session).get(scan_id)
        if scan is None or scan.status != "done":
            return False
        item_id = scan.stages["match"].get("item_id")
        if not item_id:
            return False
        conditions = scan.stages["match"].get("conditions", {})
        lang: Lang = "en" if scan.lang == "en" else "ko"
        coaching = recycling_service.coach_with_llm(
            item_id, conditions, lang, user_id=scan.owner_id
        )
        if coaching is None:
            return False
        scan.stages = {
            **scan.stages,
            "coach": {**scan.stages.get("coach", {}), lang: coaching.model_dump(mode="json")},
        }
        return True


RESUME_BATCH = 500


def pipeline_task_name() -> str:
    """Remote vision runs on the external queue; the local model on fast."""
    remote = get_vision_settings().provider == "openai"
    return "waste.process_scan_remote" if remote else "waste.process_scan"


def resume_stalled(older_than_s: int) -> int:
    """Send the pipeline again for scans left ``queued`` (the broker was down at submit time).

    A duplicate of a task that was merely slow is harmless: the pipeline skips finished scans
    and finished stages.
    """
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    with session_scope() as session:
        ids = session.scalars(
            select(Scan.id)
            .where(Scan.status == "queued", Scan.updated_at < cutoff)
            .order_by(Scan.updated_at)
            .limit(RESUME_BATCH)
        ).all()
    task_name = pipeline_task_name()
    for scan_id in ids:
        dispatch(task_name, (scan_id,))
    if ids:
        logger.warning("resent %d stalled scans", len(ids))
    return len(ids)
