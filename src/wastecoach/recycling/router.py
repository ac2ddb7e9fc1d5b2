"""HTTP endpoints of the recycling service: items, categories, search and schedules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from wastecoach.auth.dependencies import AdminUser, DbSession, Language, OptionalUser
from wastecoach.recycling.schemas import (
    AskIn,
    AskResponse,
    CategoryRead,
    CategorySummary,
    ItemRead,
    ScheduleResponse,
    SearchMissRead,
    SearchResponse,
)
from wastecoach.recycling.service import recycling as recycling_service

router = APIRouter(prefix="/recycling", tags=["recycling"])
_errors: dict[int | str, dict[str, object]] = {
    404: {"description": "Not found (error format)"},
    400: {"description": "Bad request (error format)"},
}


@router.get("/items", response_model=SearchResponse, responses=_errors)
def search_items(
    session: DbSession,
    lang: Language,
    q: Annotated[str, Query(min_length=1, max_length=200, description="What people call it")],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> SearchResponse:
    """Ranked items for a colloquial query ("아이스팩 어떻게 버려요")."""
    return recycling_service.search(session, q, lang=lang, limit=limit)


@router.get("/items/{item_id}", response_model=ItemRead, responses=_errors)
def get_item(item_id: str, lang: Language) -> ItemRead:
    return recycling_service.get_item(item_id, lang)


@router.get("/categories", response_model=list[CategorySummary])
def list_categories(lang: Language) -> list[CategorySummary]:
    """The 19 official categories with their general disposal method."""
    return recycling_service.list_categories(lang)


@router.get("/categories/{name}", response_model=CategoryRead, responses=_errors)
def get_category(name: str, lang: Language) -> CategoryRead:
    return recycling_service.get_category(name, lang)


@router.get("/schedule", response_model=ScheduleResponse, responses=_errors)
def get_schedule(
    session: DbSession,
    lang: Language,
    sido: Annotated[str | None, Query(max_length=50, description="e.g. 서울특별시")] = None,
    sigungu: Annotated[str | None, Query(max_length=50, description="e.g. 종로구")] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
) -> ScheduleResponse:
    """The district's collection days, times, place and method per waste type."""
    return recycling_service.schedule_for_request(
        session, sido=sido, sigungu=sigungu, lat=lat, lon=lon, lang=lang
    )


@router.get("/misses", response_model=list[SearchMissRead], responses=_errors)
def list_misses(
    session: DbSession,
    _admin: AdminUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[SearchMissRead]:
    """Searches without a good match, most frequent first (for curators; admin only)."""
    return recycling_service.list_misses(session, limit=limit, offset=offset)


@router.post("/ask", response_model=AskResponse, responses=_errors)
def ask(payload: AskIn, session: DbSession, lang: Language, user: OptionalUser) -> AskResponse:
    """A follow-up question answered from the knowledge base, citing the items used."""
    return recycling_service.ask(session, payload, lang=lang, user=user)
