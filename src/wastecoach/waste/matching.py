"""From what the provider saw (plus the person's hint and answers) to one item, or questions.

Pure functions over plain data, so the pipeline can store their output as a stage.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from wastecoach.recycling.service import recycling as recycling_service
from wastecoach.waste.providers.base import CONDITION_TAGS

HINT_WEIGHT = 0.6  # the person naming the thing outweighs the photo
MAX_CANDIDATES = 5
OTHER_OPTION = "other"


def _merge_hint(candidates: dict[str, float], hint: str | None) -> dict[str, float]:
    if not hint:
        return candidates
    hits = recycling_service.search_hits(hint, limit=3)
    if not hits or hits[0].score < 0.5:
        return candidates
    merged = {item_id: (1 - HINT_WEIGHT) * conf for item_id, conf in candidates.items()}
    top = hits[0]
    merged[top.item_id] = merged.get(top.item_id, 0.0) + HINT_WEIGHT * top.score
    return merged


def _category_confidence(candidates: list[tuple[str, float]]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for item_id, confidence in candidates:
        totals[recycling_service.get_item_model(item_id).category] += confidence
    return totals


def match(
    classify: dict[str, Any],
    *,
    hint: str | None,
    answers: dict[str, str],
    confident_at: float,
) -> dict[str, Any]:
    """The ``match`` stage: ranked candidates, the chosen item, conditions, open questions."""
    known = recycling_service.kb.items
    candidates = {
        guess["item_id"]: float(guess["confidence"])
        for guess in classify.get("items", [])
        if guess["item_id"] in known
    }
    candidates = _merge_hint(candidates, hint)
    identity = answers.get("identity")
    if identity and identity in known:
        candidates = {identity: 1.0}
    ranked = sorted(candidates.items(), key=lambda kv: -kv[1])[:MAX_CANDIDATES]

    conditions: dict[str, str] = dict(classify.get("conditions") or {})
    for tag in CONDITION_TAGS:
        conditions.setdefault(tag, "unknown")
        answer = answers.get(f"condition:{tag}")
        if answer in ("yes", "no"):
            conditions[tag] = "detected" if answer == "yes" else "not_detected"

    if not ranked:
        return {
            "candidates": [],
            "item_id": None,
            "confidence": 0.0,
            "uncertain": True,
            "conditions": conditions,
            "questions": [{"id": "identity", "options": [OTHER_OPTION]}],
        }
    categories = _category_confidence(ranked)
    top_item, top_confidence = ranked[0]
    top_category = recycling_service.get_item_model(top_item).category
    uncertain = categories[top_category] < confident_at
    questions: list[dict[str, Any]] = []
    if uncertain:
        options = [item_id for item_id, _ in ranked[:3]]
        questions.append({"id": "identity", "options": [*options, OTHER_OPTION]})
    else:
        item = known[top_item]
        for tag in item.conditions:
            if conditions.get(tag) == "unknown" and f"condition:{tag}" not in answers:
                questions.append({"id": f"condition:{tag}", "options": ["yes", "no"]})
    return {
        "candidates": [{"item_id": i, "confidence": round(c, 4)} for i, c in ranked],
        "item_id": top_item,
        # The person's own words can state what a photo cannot ("기름 묻었어요").
        "variant": recycling_service.stated_variant(top_item, hint),
        "confidence": round(min(1.0, categories[top_category]), 4),
        "item_confidence": round(top_confidence, 4),
        "uncertain": uncertain,
        "conditions": conditions,
        "questions": questions,
    }
