"""HTTP endpoints of the waste service: scans, their progress, answers and feedback."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from wastecoach.auth.dependencies import CurrentUser, DbSession, Language
from wastecoach.core.config import get_settings
from wastecoach.core.db import get_sessionmaker
from wastecoach.core.errors import PayloadTooLarge
from wastecoach.core.ratelimit import enforce_rate_limit
from wastecoach.waste.dependencies import OwnedScan
from wastecoach.waste.schemas import (
    AnswersIn,
    FeedbackIn,
    FeedbackRead,
    ScanAccepted,
    ScanRead,
)
from wastecoach.waste.service import waste as waste_service

router = APIRouter(prefix="/scans", tags=["waste"])
_errors: dict[int | str, dict[str, object]] = {
    400: {"description": "Bad image or answer (error format)"},
    401: {"description": "No or bad token (error format)"},
    404: {"description": "Not found or not yours (error format)"},
    413: {"description": "Too large (error format)"},
    415: {"description": "Not a JPEG, PNG, WebP or HEIC photo (error format)"},
    422: {"description": "Invalid fields (error format)"},
    429: {"description": "Too many scans (error format)"},
}
POLL_AFTER_S = 0.5
SSE_MAX_S = 60.0


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(limit_mb=limit // (1024 * 1024))
    return data


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ScanAccepted,
    responses=_errors,
)
async def submit_scan(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    lang: Language,
    image: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC; at most 10 MB")],
    lat: Annotated[float | None, Form(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Form(ge=-180, le=180)] = None,
    hint: Annotated[str | None, Form(max_length=200)] = None,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ScanAccepted:
    """Upload a photo; follow the scan by polling its status URL or streaming its events."""
    enforce_rate_limit("scan", user.user_id, limit=30, window_s=60)
    data = await _read_limited(image, get_settings().max_upload_bytes)
    scan = await run_in_threadpool(
        lambda: waste_service.submit_scan(
            session,
            owner=user,
            image=data,
            lat=lat,
            lon=lon,
            hint=hint,
            idempotency_key=idempotency_key,
            lang=lang,
        )
    )
    return ScanAccepted(
        scan_id=scan.id,
        status=scan.status,
        status_url=str(request.url_for("get_scan", scan_id=scan.id)),
        events_url=str(request.url_for("scan_events", scan_id=scan.id)),
        poll_after_ms=int(POLL_AFTER_S * 1000),
    )


@router.get("/{scan_id}", response_model=ScanRead, responses=_errors)
def get_scan(scan: OwnedScan, lang: Language, response: Response) -> ScanRead:
    """The scan's status, stage and progress; the result once it is done."""
    if scan.status in ("queued", "running"):
        # HTTP's Retry-After counts whole seconds; poll_after_ms in the 202 body says 500 ms.
        response.headers["Retry-After"] = "1"
        response.headers["X-Poll-After-Ms"] = str(int(POLL_AFTER_S * 1000))
    return waste_service.render(scan, lang)


@router.get(
    "/{scan_id}/events",
    responses={**_errors, 200: {"content": {"text/event-stream": {}}}},
)
async def scan_events(scan: OwnedScan, lang: Language) -> StreamingResponse:
    """Server-sent events: a ``progress`` event on every change, then ``done`` or ``failed``."""
    scan_id = scan.id

    def snapshot() -> str:
        with get_sessionmaker()() as session:
            from wastecoach.waste.repository import ScanRepository

            current = ScanRepository(session).get(scan_id)
            assert current is not None
            return waste_service.render(current, lang).model_dump_json()

    async def stream() -> AsyncIterator[str]:
        last = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SSE_MAX_S
        yield "retry: 1000\n\n"
        while loop.time() < deadline:
            payload = await run_in_threadpool(snapshot)
            if payload != last:
                last = payload
                state = json.loads(payload)["status"]
                event = state if state in ("done", "failed") else "progress"
                yield f"event: {event}\ndata: {payload}\n\n"
                if event != "progress":
                    return
            await asyncio.sleep(0.2)
        yield 'event: timeout\ndata: {"status": "timeout"}\n\n'

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post("/{scan_id}/answers", response_model=ScanRead, responses=_errors)
def answer_scan(
    scan: OwnedScan, payload: AnswersIn, session: DbSession, lang: Language
) -> ScanRead:
    """Answer the scan's questions ("which is it", "is the label on") to refine the result."""
    return waste_service.render(waste_service.answer(session, scan, payload), lang)


@router.post(
    "/{scan_id}/feedback",
    status_code=status.HTTP_201_CREATED,
    response_model=FeedbackRead,
    responses=_errors,
)
def scan_feedback(scan: OwnedScan, payload: FeedbackIn, session: DbSession) -> FeedbackRead:
    """Was the item right, which item it really was, was the advice useful."""
    return waste_service.add_feedback(session, scan, payload)
