"""What every vision provider returns for a photo."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

ConditionState = Literal["detected", "not_detected", "unknown"]
CONDITION_TAGS: tuple[str, ...] = ("label_attached", "cap_on", "food_residue", "mixed_materials")


def _all_unknown() -> dict[str, ConditionState]:
    return dict.fromkeys(CONDITION_TAGS, "unknown")


class ItemGuess(BaseModel):
    item_id: str
    confidence: float = Field(ge=0, le=1)


class VisionResult(BaseModel):
    provider: str
    items: list[ItemGuess]  # most likely first; knowledge-base item ids only
    labels: list[tuple[str, float]] = Field(default_factory=list)  # the provider's own labels
    material: str | None = None
    shape: str | None = None
    conditions: dict[str, ConditionState] = Field(default_factory=_all_unknown)


class VisionProvider(Protocol):
    name: str

    def classify(self, jpeg: bytes, *, hint: str | None, top_k: int) -> VisionResult: ...
