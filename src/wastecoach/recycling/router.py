"""HTTP endpoints of the recycling service: items, categories, search and schedules."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from wastecoach.core.deps import DbSession, Language
from wastecoach.recycling.schemas import (
    CategoryRead,
    CategorySummary,
    ItemRead,
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


