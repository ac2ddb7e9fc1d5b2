"""Optional remote vision: any OpenAI-compatible chat-completions endpoint with image input.

The model is chosen by the server's configuration, never by the client. The answer must be
JSON restricted to our item ids and condition tags; anything else is discarded. Callers fall
back to the local provider on any error (see ``flows.classify_with_fallback``).
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from typing import Any

from openai import DefaultHttpxClient, OpenAI

from wastecoach.recycling.service import recycling as recycling_service
from wastecoach.waste.config import VisionSettings
from wastecoach.waste.providers.base import CONDITION_TAGS, ItemGuess, VisionResult

SYSTEM_PROMPT = (
    "You identify one piece of household waste in a photo for a Korean recycling coach. "
    "Answer with JSON only, no prose, in this shape: "
    '{"items": [{"item_id": "<an id from the catalogue>", "confidence": 0.0}], '
    '"material": "<plastic|paper|glass|metal|plastic_film|foam|textile|battery|organic|mixed>", '
    '"shape": "<bottle|can|cup|box|bag|container|sheet|lamp|cell|device|other>", '
    '"conditions": {"label_attached": "detected|not_detected|unknown", '
    '"cap_on": "...", "food_residue": "...", "mixed_materials": "..."}}. '
    "List at most 5 items, most likely first, using only ids from the catalogue in the user "
    "message; use unknown for any condition you cannot see."
)


class RemoteVisionError(RuntimeError):
    """The remote provider failed or answered outside the contract."""


@lru_cache(maxsize=1)
def _catalogue() -> str:
    items = recycling_service.kb.items.values()
    return "\n".join(f"{item.id}: {item.name} / {item.name_en}" for item in items)


class OpenAIVisionProvider:
    name = "openai"

    def __init__(
        self, settings: VisionSettings, http_client: DefaultHttpxClient | None = None
    ) -> None:
        if not settings.openai_base_url:
            raise RemoteVisionError("WASTECOACH_VISION_OPENAI_BASE_URL is not set")
        self.settings = settings
        self.client = OpenAI(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key or "unused",
            timeout=settings.openai_timeout_s,
            max_retries=1,
            http_client=http_client,
        )

    def classify(self, jpeg: bytes, *, hint: str | None, top_k: int) -> VisionResult:
        image_url = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
        text = "Catalogue (id: Korean / English):\n" + _catalogue()
        if hint:
            text += f"\n\nThe person says it is: {hint[:200]}"
        try:
            completion = self.client.chat.completions.create(
                model=self.settings.openai_model,
                temperature=0,
                response_format={"type": "json_object"},
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {
                        "role": "user",
                        "content": [
                            {"type": "text", "text": text},
                            {"type": "image_url", "image_url": {"url": image_url}},
                        ],
                    },
                ],
            )
            content = completion.choices[0].message.content or ""
        except Exception as exc:  # the SDK raises many types; all mean "use the local model"
            raise RemoteVisionError(f"{exc.__class__.__name__}: {exc}") from exc
        return self._parse(content, top_k)

    def _parse(self, content: str, top_k: int) -> VisionResult:
        try:
            payload: Any = json.loads(content)
        except json.JSONDecodeError as exc:
            raise RemoteVisionError("answer is not JSON") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
            raise RemoteVisionError("answer lacks an items list")
        known = recycling_service.kb.items
        guesses: list[ItemGuess] = []
        for entry in payload["items"]:
            if not isinstance(entry, dict) or entry.get("item_id") not in known:
                continue
            try:
                confidence = min(1.0, max(0.0, float(entry.get("confidence", 0))))
            except (TypeError, ValueError):
                continue
            if all(g.item_id != entry["item_id"] for g in guesses):
                guesses.append(ItemGuess(item_id=entry["item_id"], confidence=confidence))
        if not guesses:
            raise RemoteVisionError("no known item ids in the answer")
        raw_conditions = payload.get("conditions")
        conditions = raw_conditions if isinstance(raw_conditions, dict) else {}
        states = ("detected", "not_detected", "unknown")
        return VisionResult(
            provider=self.name,
            items=guesses[:top_k],
            material=_short_text(payload.get("material")),
            shape=_short_text(payload.get("shape")),
            conditions={
                tag: conditions.get(tag) if conditions.get(tag) in states else "unknown"
                for tag in CONDITION_TAGS
            },
        )


def _short_text(value: Any) -> str | None:
    return value[:40] if isinstance(value, str) and value else None
