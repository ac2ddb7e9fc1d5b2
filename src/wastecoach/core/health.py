"""Liveness, readiness and metrics endpoints, mounted on every service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from wastecoach.core.cache import get_cache
from wastecoach.core.config import get_settings
from wastecoach.core.db import get_engine
from wastecoach.core.errors import error_body

router = APIRouter(tags=["health"])


def _check_database() -> None:
    with get_engine().connect() as connection:
        connection.execute(text("SELECT 1"))


def _check_broker() -> None:
    url = get_settings().broker_url
    if url is None:
        return
    from kombu import Connection

    with Connection(url, connect_timeout=2) as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


def _check_cache() -> None:
    get_cache().ping()


def run_checks() -> dict[str, str]:
    results: dict[str, str] = {}
    for name, check in (
        ("database", _check_database),
        ("broker", _check_broker),
        ("cache", _check_cache),
    ):
        try:
            check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = f"error: {exc.__class__.__name__}"
    return results


@router.get("/healthz", summary="Liveness")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: database, broker and cache answer")
async def readyz() -> Any:
    results = await run_in_threadpool(run_checks)
    if all(value == "ok" for value in results.values()):
        return {"status": "ok", "checks": results}
    body = error_body("not_ready", "준비되지 않았어요.", {"checks": results})
    return JSONResponse(body, status_code=503)


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
