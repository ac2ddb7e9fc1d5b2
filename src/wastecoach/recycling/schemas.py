"""API shapes of the recycling service (texts already in the client's language)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class PartRead(BaseModel):
    part: str
    category: str
    disposal: str


class DepositRead(BaseModel):
    amount_krw: int
    note: str


class ItemSummary(BaseModel):
    id: str
    name: str
    category: str = Field(description="Official category (Korean, as in the national guideline)")
    category_label: str = Field(description="Category name in the client's language")


class VariantRead(BaseModel):
    when: str = Field(description='The condition, e.g. "기름이 흠뻑 배어 있으면"')
    category: str
    category_label: str
    disposal: str
    why: str


class ItemRead(ItemSummary):
    name_ko: str
    name_en: str
    aliases: list[str]
    disposal: str
    steps: list[str]
    mistakes: list[str]
    why: str
    hazards: list[str]
    parts: list[PartRead]
    deposit: DepositRead | None
    conditions: list[str]
    variants: list[VariantRead] = Field(
        description="Conditions that send this item to another category"
    )
    tip: str | None
    source: str


class SearchResult(ItemSummary):
    score: float = Field(ge=0, le=1, description="How well the best name or alias matched")
    disposal: str
    condition: str | None = Field(
        default=None,
        description="The condition the query states (e.g. a greasy box) when it changed the "
        "category and disposal from the item's usual ones",
    )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    matched: bool = Field(description="False when nothing matched well enough")
    ambiguous: bool = Field(description="True when the top results are too close to call")
    clarification: str | None = Field(
        default=None, description='A question to ask, e.g. "종이컵인가요, 컵라면 용기인가요?"'
    )


class PrinciplesRead(BaseModel):
    empty: str
    rinse: str
    separate: str
    dont_mix: str


class CategorySummary(BaseModel):
    name: str
    label: str
    method: str
    item_count: int


class CategoryRead(CategorySummary):
    principles: PrinciplesRead
    examples: list[str]
    not_included: list[str]
    items: list[ItemSummary]
    source: str


class SearchMissRead(BaseModel):
    query: str
    count: int
    best_item_id: str | None
    best_score: float | None
    first_seen_at: datetime
    last_seen_at: datetime


class WasteTypeScheduleRead(BaseModel):
    waste_type: str
    label: str
    days: list[str]
    start_time: str | None
    end_time: str | None
    method: str | None
    place: str | None


class DistrictScheduleRead(BaseModel):
    sido: str
    sigungu: str
    area_name: str | None
    area_targets: str | None
    place_type: str | None
    place: str | None
    schedules: list[WasteTypeScheduleRead]
    no_collection_days: str | None
    department: str | None
    department_phone: str | None
    data_date: date | None
    provider: str | None


class ScheduleResponse(BaseModel):
    sido: str
    sigungu: str
    resolved_from: str = Field(description='"query" or "coordinates"')
    areas: list[DistrictScheduleRead]


# --- coaching ----------------------------------------------------------------------------


class PartDisposal(BaseModel):
    part: str
    category: str
    disposal: str


class ChecklistStep(BaseModel):
    text: str
    why: str | None = None
    done: bool = False


class Coaching(BaseModel):
    provider: str
    message: str
    checklist: list[ChecklistStep]
    why: str
    tip: str | None
    parts: list[PartDisposal]
    cited_items: list[str] = Field(default_factory=list)


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    scan_id: str | None = Field(default=None, max_length=64)


class Citation(BaseModel):
    item_id: str
    name: str
    category: str


class AskResponse(BaseModel):
    question: str
    answer: str
    provider: str
    citations: list[Citation]
    matched: bool
