"""The optional LLM coach: an OpenAI-compatible chat endpoint that rephrases grounded facts.

The system prompt is static and comes first, so providers' prefix caching applies; the
knowledge-base entries it may use are retrieved into the user message. The answer must be
JSON of a fixed shape and pass :mod:`guard`; anything else raises :class:`LlmCoachError`,
and callers fall back to the grounded coach.
"""

from __future__ import annotations

import json
from typing import Any

from openai import DefaultHttpxClient, OpenAI
from pydantic import BaseModel, Field, ValidationError

from wastecoach.core.i18n import Lang
from wastecoach.recycling.coach.guard import violations
from wastecoach.recycling.config import CoachSettings
from wastecoach.recycling.kb.schema import Item
from wastecoach.recycling.schemas import ChecklistStep, Coaching, PartDisposal

SYSTEM_PROMPT = (
    "You are a friendly Korean recycling coach (분리배출 코치). You get knowledge-base entries "
    "as JSON and what was detected on the item. Use ONLY facts from the entries: the official "
    "category, where it goes, preparation steps, parts, why. Never add rules, never change a "
    "category. Reply with JSON only: "
    '{"category": "<the entry\'s official category, verbatim>", '
    '"message": "<one or two short friendly sentences>", '
    '"checklist": [{"text": "<one action>", "why": "<short reason from the entry>"}], '
    '"tip": "<one practical tip or empty>"}. '
    "Write in the language requested by the user message (ko: 해요체, en: plain English)."
)


class LlmCoachError(RuntimeError):
    """The LLM failed, answered outside the contract, or contradicted the knowledge base."""


class _Step(BaseModel):
    text: str = Field(min_length=1, max_length=300)
    why: str | None = Field(default=None, max_length=300)


class _Answer(BaseModel):
    category: str
    message: str = Field(min_length=1, max_length=600)
    checklist: list[_Step] = Field(min_length=1, max_length=12)
    tip: str | None = Field(default=None, max_length=300)


class LlmCoach:
    def __init__(self, settings: CoachSettings, http_client: DefaultHttpxClient | None = None):
        if not settings.base_url:
            raise LlmCoachError("WASTECOACH_LLM_BASE_URL is not set")
        self.settings = settings
        self.client = OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "unused",
            timeout=settings.timeout_s,
            max_retries=settings.max_retries,
            http_client=http_client,
        )

    def complete(self, user_content: str, *, system: str = SYSTEM_PROMPT) -> tuple[str, int]:
        """(content, total tokens) of one JSON chat completion."""
        try:
            completion = self.client.chat.completions.create(
                model=self.settings.model,
                temperature=0.3,
                response_format={"type": "json_object"},
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user_content},
                ],
            )
        except Exception as exc:  # timeouts, 429s, 5xx, connection errors: all fall back
            raise LlmCoachError(f"{exc.__class__.__name__}: {exc}") from exc
        usage = completion.usage.total_tokens if completion.usage else 0
        return completion.choices[0].message.content or "", usage

    def coach(
        self, item: Item, conditions: dict[str, str], lang: Lang, *, context: list[Item]
    ) -> tuple[Coaching, int]:
        entries = [entry_facts(entry) for entry in [item, *context]]
        user_content = json.dumps(
            {"language": lang, "item_id": item.id, "detected": conditions, "entries": entries},
            ensure_ascii=False,
        )
        content, tokens = self.complete(user_content)
        answer = parse_answer(content)
        texts = [answer.message, *(s.text for s in answer.checklist), answer.tip or ""]
        problems = violations(item, category=answer.category, texts=texts)
        if problems:
            raise LlmCoachError("contradicts the knowledge base: " + "; ".join(problems))
        coaching = Coaching(
            provider="llm",
            message=answer.message,
            checklist=[ChecklistStep(text=s.text, why=s.why) for s in answer.checklist],
            why=item.why.get(lang),
            tip=answer.tip or None,
            parts=[
                PartDisposal(
                    part=p.part.get(lang), category=p.category, disposal=p.disposal.get(lang)
                )
                for p in item.parts
            ],
            cited_items=[item.id],
        )
        return coaching, tokens


def parse_answer(content: str) -> _Answer:
    try:
        return _Answer.model_validate(json.loads(content))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise LlmCoachError(f"answer is not the agreed JSON: {exc.__class__.__name__}") from exc


def entry_facts(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": {"ko": item.name, "en": item.name_en},
        "category": item.category,
        "disposal": item.disposal.model_dump(),
        "steps": [step.model_dump() for step in item.steps],
        "mistakes": [mistake.model_dump() for mistake in item.mistakes],
        "why": item.why.model_dump(),
        "parts": [part.model_dump() for part in item.parts],
        "hazards": [hazard.model_dump() for hazard in item.hazards],
    }
