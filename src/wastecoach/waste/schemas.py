"""API shapes of the waste service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from wastecoach.recycling.schemas import Coaching

ScanStatus = Literal["queued", "running", "done", "failed"]


class ScanAccepted(BaseModel):
    scan_id: str
    status: ScanStatus
    status_url: str
    events_url: str
    poll_after_ms: int = 500


class Candidate(BaseModel):
    item_id: str
    name: str
    category: str
    category_label: str
    confidence: float


class ConditionRead(BaseModel):
    tag: str
    state: Literal["detected", "not_detected", "unknown"]
    label: str


class QuestionOption(BaseModel):
    id: str
    label: str


class Question(BaseModel):
    id: str
    text: str
    options: list[QuestionOption]


class ScanResult(BaseModel):
    item_id: str | None
    item_name: str | None
    category: str | None
    category_label: str | None
    condition: str | None = Field(
        default=None,
        description="A condition the person's own words stated (e.g. soaked with grease) that "
        "changed the category and disposal from the item's usual ones",
    )
    confidence: float
    uncertain: bool
    candidates: list[Candidate]
    material: str | None
    shape: str | None
    conditions: list[ConditionRead]
    questions: list[Question]
    disposal: str | None
    hazards: list[str]
    deposit_krw: int | None
    coaching: Coaching | None
    nearby: list[dict[str, Any]] | None = None
    district: dict[str, Any] | None = None
    provider: str | None = None


class ScanError(BaseModel):
    code: str
    message: str


class ScanRead(BaseModel):
    id: str
    status: ScanStatus
    stage: str
    progress: int = Field(ge=0, le=100)
    created_at: datetime
    finished_at: datetime | None
    lat: float | None
    lon: float | None
    hint: str | None
    error: ScanError | None
    result: ScanResult | None


class ScanSummary(BaseModel):
    id: str
    status: ScanStatus
    created_at: datetime
    item_id: str | None
    item_name: str | None
    category: str | None


class ScanPage(BaseModel):
    items: list[ScanSummary]
    total: int
    limit: int
    offset: int


class OwnerStats(BaseModel):
    total_scans: int
    by_category: dict[str, int]
    prepared_right_share: float | None = Field(
        description="Share of finished scans whose answered conditions needed no fixing"
    )


class AnswersIn(BaseModel):
    answers: dict[str, str] = Field(
        description='Question id to option id, e.g. {"identity": "pet-bottle-clear"}',
        max_length=10,
    )
    text: str | None = Field(
        default=None, max_length=200, description="What it is, in words, when no option fits"
    )


class FeedbackIn(BaseModel):
    item_correct: bool | None = None
    actual_item_id: str | None = Field(default=None, max_length=100)
    advice_useful: bool | None = None
    comment: str | None = Field(default=None, max_length=1000)


class FeedbackRead(BaseModel):
    id: int
    scan_id: str
    created_at: datetime
