"""The app factory: all five services in one process, or one service alone (split mode)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from wastecoach import __version__
from wastecoach.core.config import SERVICES, get_settings
from wastecoach.core.errors import install_error_handlers
from wastecoach.core.health import router as health_router
from wastecoach.core.limits import BodySizeLimitMiddleware
from wastecoach.core.observability import RequestContextMiddleware, configure_logging
from wastecoach.core.tasks import configure_celery
from wastecoach.web import mount_web


def _service_router(name: str) -> APIRouter:
    module = importlib.import_module(f"wastecoach.{name}.router")
    router: APIRouter = module.router
    return router


def _load_models(services: Sequence[str], *, classifier: bool) -> None:
    if {"recycling", "waste", "locations"} & set(services):
        from wastecoach.recycling.service import get_search_index

        get_search_index()
    if classifier:
        from wastecoach.waste.providers.local import get_classifier

        get_classifier()


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Build the search index (and, running tasks in-process, load the classifier) in the
    background, so the first requests do not pay for it."""
    classifier = "waste" in app.state.services and get_settings().tasks_in_process
    threading.Thread(
        target=_load_models,
        args=(app.state.services,),
        kwargs={"classifier": classifier},
        name="warm-models",
        daemon=True,
    ).start()
    yield


def create_app(services: Sequence[str] | None = None) -> FastAPI:
    settings = get_settings()
    selected = list(services or SERVICES)
    unknown = set(selected) - set(SERVICES)
    if unknown:
        raise ValueError(f"unknown services: {sorted(unknown)}")
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    configure_celery(settings)

    app = FastAPI(
        title="AI Waste Coach API",
        version=__version__,
        description="사진 한 장으로 분리배출 방법을 알려 주는 코치 · Korean waste-sorting coach",
        lifespan=_warm_up,
    )
    app.state.services = selected
    app.add_middleware(RequestContextMiddleware)
    # Multipart overhead on top of the largest allowed photo.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_upload_bytes + 64 * 1024)
    install_error_handlers(app)
    app.include_router(health_router)
    for name in selected:
        app.include_router(_service_router(name))
    if "recycling" in selected:
        # The web client rides with the recycling service (the Ingress sends "/" there).
        mount_web(app)
    return app
